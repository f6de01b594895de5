import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import type { Series } from '../../src/engine/series';
import { BINARIES, requireBinary } from './binaries';
import { seriesToOpenMetrics } from './openMetrics';

const run = promisify(execFile);

/** Longer blocks than promtool's 2 h default, so a week of history is a handful of blocks, not 84. */
const MAX_BLOCK_DURATION = '24h';

/**
 * Writes the history as TSDB blocks straight into Prometheus' (not yet started) data directory:
 * OpenMetrics file -> `promtool tsdb create-blocks-from openmetrics` -> blocks in `dataDir`.
 * The server starts with an empty head, so blocks never overlap it as long as the history ends before
 * the start (checked when the server also scrapes, because scraped samples older than the newest block are dropped).
 */
export async function backfill(history: Series[] | string, workDir: string, dataDir: string, scrapes: boolean) {
  if (typeof history !== 'string') {
    if (scrapes) {
      rejectFutureSamples(history);
    }
    if (history.every((series) => series.values.every(Number.isNaN))) {
      return;
    }
  }
  const text = typeof history === 'string' ? history : seriesToOpenMetrics(history);
  const file = path.join(workDir, 'history.om');
  await fs.promises.writeFile(file, text);
  const promtool = requireBinary(BINARIES.promtool);
  const args = [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    `--max-block-duration=${MAX_BLOCK_DURATION}`,
    file,
    dataDir,
  ];
  try {
    await run(promtool, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(
      `backfilling ${file} failed: promtool ${args.join(' ')}\n${stderr || stdout || (error as Error).message}`
    );
  }
}

function rejectFutureSamples(history: Series[]): void {
  const now = Date.now();
  for (const series of history) {
    const last = series.timestamps[series.timestamps.length - 1];
    if (last > now) {
      throw new Error(
        `history for ${JSON.stringify(series.labels)} ends at ${new Date(last).toISOString()}, after now: ` +
          'Prometheus would drop scraped samples older than the newest backfilled block'
      );
    }
  }
}
