// Converts SKAB (Skoltech Anomaly Benchmark, github.com/waico/SKAB, GPL-3.0) to NAB's corpus layout: one
// univariate file per experiment and channel, windows = the runs of rows SKAB labels `anomaly = 1`.
// Usage: npx tsx scripts/convert-skab.ts <SKAB checkout> <output corpus folder>
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelledRuns } from './labelledRuns';

/** The channels converted, fixed before any detector was run on them (see data/skab/README.md). */
const CHANNELS: Record<string, string> = {
  'Volume Flow RateRMS': 'flow',
  Accelerometer1RMS: 'vibration',
};
/** SKAB folder -> corpus category; anomaly-free has no labels. */
const CATEGORIES: Record<string, string> = {
  valve1: 'skabValve1',
  valve2: 'skabValve2',
  other: 'skabOther',
  'anomaly-free': 'skabAnomalyFree',
};

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  process.stderr.write('usage: npx tsx scripts/convert-skab.ts <SKAB checkout> <output corpus folder>\n');
  process.exit(2);
}

const windows: Record<string, Array<[string, string]>> = {};
for (const [folder, category] of Object.entries(CATEGORIES)) {
  mkdirSync(join(target, 'data', category), { recursive: true });
  const files = readdirSync(join(source, 'data', folder))
    .filter((file) => file.endsWith('.csv'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const file of files) {
    const [header, ...rows] = readFileSync(join(source, 'data', folder, file), 'utf8')
      .trim()
      .split('\n');
    const columns = header.trim().split(';');
    const cells = rows.map((row) => row.trim().split(';'));
    const time = columns.indexOf('datetime');
    const anomaly = columns.indexOf('anomaly');
    const runs = labelledRuns(
      cells.map((row) => row[time]),
      cells.map((row) => anomaly >= 0 && Number(row[anomaly]) === 1)
    );
    for (const [channel, short] of Object.entries(CHANNELS)) {
      const column = columns.indexOf(channel);
      if (column < 0) {
        throw new Error(`${folder}/${file}: no column "${channel}"`);
      }
      const name = `${category}/${file.replace(/\.csv$/, '')}_${short}.csv`;
      const lines = cells.map((row) => `${row[time]},${row[column]}`);
      writeFileSync(join(target, 'data', name), `timestamp,value\n${lines.join('\n')}\n`);
      windows[name] = runs;
    }
  }
}
mkdirSync(join(target, 'labels'), { recursive: true });
const sorted = Object.fromEntries(Object.entries(windows).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(join(target, 'labels', 'combined_windows.json'), `${JSON.stringify(sorted, null, 2)}\n`);
