import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { seriesKey } from '../../engine/series';
import { ensureDirectory } from '../state/ensureDirectory';
import { outputTarget } from '../state/outputFile';
import type { ScoredSeries } from './detectorRun';

export const CSV_HEADER = 'detector,series,timestamp,value,score,anomaly,expected,lower,upper,explanation';

function field(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function number(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

/** Appends every scored point to output_csv (header written when the file is new), one buffered write per series. */
export class CsvOutput {
  private readonly handle: number;

  /** Appends to a regular file (header when it is new or empty); a FIFO or /dev/stdout gets the header every run. */
  constructor(file: string) {
    ensureDirectory(dirname(file), "output_csv's directory");
    const target = outputTarget(file, 'output_csv');
    let fresh = true;
    if (target.kind === 'replace') {
      fresh = !existsSync(target.path) || statSync(target.path).size === 0;
    }
    this.handle = openSync(target.path, 'a');
    if (fresh) {
      writeSync(this.handle, `${CSV_HEADER}\n`);
    }
  }

  append(detector: string, { series, result }: ScoredSeries): void {
    const key = field(seriesKey(series.labels));
    const lines: string[] = [];
    for (let i = 0; i < result.timestamps.length; i++) {
      lines.push(
        [
          field(detector),
          key,
          new Date(result.timestamps[i]).toISOString(),
          number(result.values[i]),
          result.scores[i].toFixed(6),
          String(result.anomalies[i]),
          number(result.expected[i]),
          number(result.lower[i]),
          number(result.upper[i]),
          field(result.explanations[i] ?? ''),
        ].join(',')
      );
    }
    if (lines.length > 0) {
      writeSync(this.handle, `${lines.join('\n')}\n`);
    }
  }

  close(): void {
    closeSync(this.handle);
  }
}
