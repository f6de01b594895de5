import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { IndexWindow, nabWindowsFromLabels, windowsFromTimeRanges } from '../../engine/evaluation';
import { lowerBound } from '../../engine/util/sortedSearch';
import { UserError } from '../command';
import { parseTimeSeriesCsv } from './timeSeriesCsv';
import { parseTimestamp } from './timestampParse';
import { quoteInput } from '../../engine/util/quote';
import type { DetectorSpec } from '../../engine/detectorSpec';
import type { Series } from '../../engine/series';

/** One labelled file of a corpus in NAB's layout. */
export interface CorpusFile {
  /** `<category>/<file>.csv`, the key in NAB's label files. */
  name: string;
  /** The values and their times (what a backtest scores; the CSV's own text is not kept). */
  series: Pick<Series, 'timestamps' | 'values'>;
  windows: IndexWindow[];
  /** Rows of the labelled anomaly points (empty when the corpus has no labels file). */
  labelRows: number[];
  /** A raw counter: scored as a detector with `counter: true` scores it (its per-second rate, resets handled). */
  counter?: boolean;
}

const windowsSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));
const labelsSchema = z.record(z.string(), z.array(z.string()));

function readJson<T>(path: string, schema: z.ZodType<T>): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UserError(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

function timeOf(text: string, where: string): number {
  const ms = parseTimestamp(text);
  if (Number.isNaN(ms)) {
    throw new UserError(`${where}: cannot read timestamp ${quoteInput(text)}`);
  }
  return ms;
}

/** The `<category>/<file>.csv` names under `data/`, sorted. */
export function listCorpusFiles(root: string): string[] {
  const dataDir = join(root, 'data');
  let categories: string[];
  try {
    categories = readdirSync(dataDir).filter((entry) => statSync(join(dataDir, entry)).isDirectory());
  } catch {
    throw new UserError(
      `${root}: not a corpus in NAB's layout (expected data/<category>/<file>.csv and labels/combined_windows.json)`
    );
  }
  return categories.sort().flatMap((category) =>
    readdirSync(join(dataDir, category))
      .filter((file) => file.endsWith('.csv'))
      .sort()
      .map((file) => `${category}/${file}`)
  );
}

/**
 * Reads a corpus in NAB's layout: data/<category>/<file>.csv with labels/combined_windows.json (windows) and/or
 * labels/combined_labels.json (points; windows are then sized by NAB's rule). A file with no entry has no anomalies.
 */
export function readNabCorpus(root: string, only?: (name: string) => boolean): CorpusFile[] {
  const windowsPath = join(root, 'labels', 'combined_windows.json');
  const labelsPath = join(root, 'labels', 'combined_labels.json');
  const windowsByFile = readJson(windowsPath, windowsSchema);
  const labelsByFile = readJson(labelsPath, labelsSchema);
  if (!windowsByFile && !labelsByFile) {
    throw new UserError(
      `${root}: not a corpus in NAB's layout: found neither labels/combined_windows.json nor labels/combined_labels.json`
    );
  }
  const names = listCorpusFiles(root).filter((name) => !only || only(name));
  return names.map((name) => {
    const path = join(root, 'data', name);
    const { timestamps, values } = parseTimeSeriesCsv(readFileSync(path, 'utf8'), path);
    const series = { timestamps, values };
    const labelRows = (labelsByFile?.[name] ?? []).map((text) =>
      lowerBound(series.timestamps, timeOf(text, labelsPath))
    );
    const ranges = windowsByFile?.[name];
    const windows = ranges
      ? windowsFromTimeRanges(
          series.timestamps,
          ranges.map(([from, to]) => [timeOf(from, windowsPath), timeOf(to, windowsPath)])
        )
      : nabWindowsFromLabels(series.timestamps.length, labelRows);
    return { name, series, windows, labelRows };
  });
}

/** The spec a corpus file is scored with: the corpus-wide one, as a counter for a counter file. */
export function fileSpec(spec: DetectorSpec, file: CorpusFile): DetectorSpec {
  return file.counter && !spec.counter ? { ...spec, counter: true } : spec;
}
