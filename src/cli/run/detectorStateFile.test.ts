import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { readDetectorState, writeDetectorState } from './detectorStateFile';
import type { DetectorStateFile } from './detectorState';

const state: DetectorStateFile = {
  detectorId: 'cpu',
  specHash: 'abc',
  series: {
    '{instance="a,\\"model\\":{"}': {
      fittedAtMs: 1,
      lastTimestampMs: 2,
      anomaliesSinceFit: 0,
      model: '{"version":2,"kind":"x","label":"b\\",\\"model\\":1"}',
    },
    '{instance="b"}': { fittedAtMs: 1, lastTimestampMs: 3, anomaliesSinceFit: 4, refitReason: 'drift' },
  },
};

describe('detector state file', () => {
  it('writes a header and one line per series atomically, and reads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detector-state-'));
    const file = join(dir, 'detectors', 'cpu.jsonl');
    const bytes = writeDetectorState(file, state);
    const text = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect(text.trimEnd().split('\n')).toHaveLength(3);
    expect(readdirSync(join(dir, 'detectors'))).toEqual(['cpu.jsonl']);
    expect(readDetectorState(file, pino({ level: 'silent' }))).toEqual(state);
  });

  it('stores each model as the last field of its line, which stays one JSON value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detector-state-'));
    const file = join(dir, 'cpu.jsonl');
    writeDetectorState(file, state);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({
      key: '{instance="a,\\"model\\":{"}',
      fittedAtMs: 1,
      lastTimestampMs: 2,
      anomaliesSinceFit: 0,
      model: { version: 2, kind: 'x', label: 'b","model":1' },
    });
    expect(lines[1]).toEqual({
      key: '{instance="b"}',
      fittedAtMs: 1,
      lastTimestampMs: 3,
      anomaliesSinceFit: 4,
      refitReason: 'drift',
    });
  });

  it('sets an unreadable file aside with a warning naming the line, so its series are fitted afresh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detector-state-'));
    const file = join(dir, 'cpu.jsonl');
    writeDetectorState(file, state);
    appendFileSync(file, '{"key":"x","fittedAtMs":"soon"}\n');
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    expect(readDetectorState(file, log)).toBeUndefined();
    expect(JSON.parse(lines[0]).msg).toMatch(/^detector state line 4 is invalid: .*models will be refitted/);
    expect(readdirSync(dir).some((name) => name.startsWith('cpu.jsonl.corrupt-'))).toBe(true);
  });

  describe('a file cut short (outside damage: writes are atomic)', () => {
    function cut(keep: (text: string) => string) {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-detector-state-'));
      const file = join(dir, 'cpu.jsonl');
      writeDetectorState(file, state);
      writeFileSync(file, keep(readFileSync(file, 'utf8')));
      const warnings: string[] = [];
      const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
      const read = readDetectorState(file, log);
      return { read, warnings, setAside: readdirSync(dir).some((name) => name.startsWith('cpu.jsonl.corrupt-')) };
    }

    it('is set aside when the cut ends within a model on a "}", which the line itself cannot show', () => {
      // The first model ends with '1"}': cut there, the line ends on a '}' and reads as a whole line would.
      const { read, warnings, setAside } = cut((text) => text.slice(0, text.indexOf('1"}') + 3));
      expect(read).toBeUndefined();
      expect(warnings[0]).toMatch(
        /^detector state line 2 is invalid: the file is cut short \(its last line has no newline\)/
      );
      expect(setAside).toBe(true);
    });

    it('is set aside when the cut falls at the end of a line, by the count its header announces', () => {
      const { read, warnings } = cut((text) => text.split('\n').slice(0, 2).join('\n') + '\n');
      expect(read).toBeUndefined();
      expect(warnings[0]).toMatch(/the file is cut short \(1 of the 2 series its header announces\)/);
    });

    it('reads a file written before the header counted its series', () => {
      const { read, warnings } = cut((text) => text.replace(',"series":2', ''));
      expect(read).toEqual(state);
      expect(warnings).toEqual([]);
    });
  });
});
