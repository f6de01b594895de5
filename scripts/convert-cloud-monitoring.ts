// Converts Microsoft's Cloud Monitoring Dataset (github.com/microsoft/cloud-monitoring-dataset, MIT) to NAB's corpus
// layout: one category per domain folder, one file per series with header `timestamp,value` (times in UTC as NAB
// writes them), windows = the runs of rows the dataset labels 1.
// Usage: npx tsx scripts/convert-cloud-monitoring.ts <dataset checkout> <output corpus folder>
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelledRuns } from './labelledRuns';

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  process.stderr.write(
    'usage: npx tsx scripts/convert-cloud-monitoring.ts <dataset checkout> <output corpus folder>\n'
  );
  process.exit(2);
}

/** `application-crash-rate-1` -> `cloudApplicationCrashRate1`. */
function categoryOf(folder: string): string {
  return `cloud${folder
    .split('-')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')}`;
}

/** `"2018-04-25T00:01:00Z"` or `2018-07-03 14:00:00` -> `2018-04-25 00:01:00`: NAB's form, read as UTC. */
function nabTime(cell: string, where: string): string {
  const time = cell.replace(/"/g, '').trim();
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})Z?$/.exec(time);
  if (!match) {
    throw new Error(`${where}: cannot read timestamp "${cell}"`);
  }
  return `${match[1]} ${match[2]}`;
}

/** Writes the corpus; throws an Error naming the file and line of anything it cannot read. */
function convert(): void {
  const windows: Record<string, Array<[string, string]>> = {};
  const domains = readdirSync(join(source, 'data')).sort();
  for (const domain of domains) {
    const category = categoryOf(domain);
    mkdirSync(join(target, 'data', category), { recursive: true });
    const files = readdirSync(join(source, 'data', domain))
      .filter((file) => file.endsWith('.csv'))
      .sort();
    for (const file of files) {
      const where = `${domain}/${file}`;
      const [header, ...rows] = readFileSync(join(source, 'data', domain, file), 'utf8')
        .trim()
        .split(/\r?\n/);
      if (header.replace(/"/g, '').trim() !== 'TimeStamp,Value,Label') {
        throw new Error(`${where}: expected the header TimeStamp,Value,Label, found ${header}`);
      }
      const times: string[] = [];
      const lines: string[] = [];
      const labelled: boolean[] = [];
      rows.forEach((row, i) => {
        const cells = row.split(',');
        if (cells.length !== 3) {
          throw new Error(`${where}:${i + 2}: expected 3 cells, found ${cells.length}`);
        }
        const [time, value, label] = cells;
        const at = nabTime(time, `${where}:${i + 2}`);
        times.push(at);
        lines.push(`${at},${value.replace(/"/g, '').trim()}`);
        labelled.push(Number(label) === 1);
      });
      const name = `${category}/${file}`;
      writeFileSync(join(target, 'data', name), `timestamp,value\n${lines.join('\n')}\n`);
      windows[name] = labelledRuns(times, labelled);
    }
  }
  mkdirSync(join(target, 'labels'), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(windows).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(target, 'labels', 'combined_windows.json'), `${JSON.stringify(sorted, null, 2)}\n`);
}

try {
  convert();
} catch (error) {
  process.stderr.write(`convert-cloud-monitoring: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
