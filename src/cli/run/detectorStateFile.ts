import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log';
import { writeFileAtomic } from '../state/atomicWrite';
import { setAside } from '../state/stateFile';
import { type DetectorStateFile, seriesStateSchema, type SeriesState } from './detectorState';

/**
 * Version of the detector state file: JSON Lines, a header then one line per series, so a shard's state
 * never has to be one string (10,000 series of engine state can exceed what one string holds). A series' model is
 * its line's last field, so that it can be read and written as text without parsing it (MODEL_FIELD).
 */
export const DETECTOR_FILE_VERSION = 2;

/**
 * Where a line's model begins. A JSON string cannot hold an unescaped quote, so the first occurrence in a line
 * written by JSON.stringify is the field itself, never part of a key or label.
 */
const MODEL_FIELD = ',"model":';

const headerSchema = z.object({
  version: z.literal(DETECTOR_FILE_VERSION),
  kind: z.literal('detector'),
  detectorId: z.string(),
  specHash: z.string(),
  runAtMs: z.number().optional(),
  /** The series lines that follow (absent in files written before it was): a file cut at a line's end is told. */
  series: z.number().int().nonnegative().optional(),
});

const lineSchema = seriesStateSchema.omit({ model: true }).extend({ key: z.string() });

function* lines(state: DetectorStateFile): Generator<string> {
  const header = {
    version: DETECTOR_FILE_VERSION,
    kind: 'detector',
    writtenAt: new Date().toISOString(),
    detectorId: state.detectorId,
    specHash: state.specHash,
    runAtMs: state.runAtMs,
    series: Object.keys(state.series).length,
  };
  yield `${JSON.stringify(header)}\n`;
  for (const [key, { model, ...entry }] of Object.entries(state.series)) {
    const fields = JSON.stringify({ key, ...entry });
    yield model === undefined ? `${fields}\n` : `${fields.slice(0, -1)}${MODEL_FIELD}${model}}\n`;
  }
}

/** One series' line: its fields parsed, its model (if any) kept as the JSON text it is stored as. */
function seriesLine(line: string): { key: string; entry: SeriesState } {
  const at = line.indexOf(MODEL_FIELD);
  if (at < 0) {
    const { key, ...entry } = lineSchema.parse(JSON.parse(line));
    return { key, entry };
  }
  if (!line.endsWith('}')) {
    throw new Error('the line is cut short');
  }
  const { key, ...entry } = lineSchema.parse(JSON.parse(`${line.slice(0, at)}}`));
  return { key, entry: { ...entry, model: line.slice(at + MODEL_FIELD.length, -1) } };
}

/** Writes a detector's state atomically; returns its size in bytes. */
export function writeDetectorState(file: string, state: DetectorStateFile): number {
  let bytes = 0;
  const counted = function* (): Generator<string> {
    for (const line of lines(state)) {
      bytes += Buffer.byteLength(line);
      yield line;
    }
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, counted());
  return bytes;
}

/**
 * Reads a detector's state. Missing: undefined. Unreadable, of another version or with an invalid line:
 * set aside with a warning and undefined (its series are fitted afresh).
 */
export function readDetectorState(file: string, log: Logger): DetectorStateFile | undefined {
  if (!existsSync(file)) {
    return undefined;
  }
  const bytes = readFileSync(file);
  let lineNumber = 1;
  try {
    // Every line ends with a newline: without one at the end the file was cut, maybe within a model that a
    // line's checks cannot see into (it is kept as text).
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) {
      lineNumber = bytes.toString('utf8').split('\n').length;
      throw new Error('the file is cut short (its last line has no newline)');
    }
    let start = 0;
    let expected: number | undefined;
    let state: DetectorStateFile | undefined;
    while (start < bytes.length) {
      let end = bytes.indexOf(10, start);
      end = end < 0 ? bytes.length : end;
      const line = bytes.toString('utf8', start, end);
      if (!state) {
        const header = headerSchema.parse(JSON.parse(line));
        expected = header.series;
        state = { detectorId: header.detectorId, specHash: header.specHash, runAtMs: header.runAtMs, series: {} };
      } else {
        const { key, entry } = seriesLine(line);
        state.series[key] = entry;
      }
      start = end + 1;
      lineNumber++;
    }
    if (!state) {
      throw new Error('the file is empty');
    }
    const read = Object.keys(state.series).length;
    if (expected !== undefined && read !== expected) {
      throw new Error(`the file is cut short (${read} of the ${expected} series its header announces)`);
    }
    return state;
  } catch (error) {
    const reason = error instanceof z.ZodError ? (error.issues[0]?.message ?? error.message) : (error as Error).message;
    setAside(file, 'detector', `detector state line ${lineNumber} is invalid: ${reason}`, log);
    return undefined;
  }
}
