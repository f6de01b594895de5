/**
 * One side of `npm run bench:against`: bundled once from this tree and once from the commit compared against (its
 * `../src/engine` import is redirected there), then run as a child process. It reads the series file the parent
 * wrote, answers "ready", and for each request line "from to" scores series [from, to) causally with the default
 * detector and answers "cpuSeconds checksum" (the checksum sums every score, so both sides can be seen to agree).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseDetectorSpec, scoreCausally } from '../src/engine';
import { readSeriesFile } from './seriesFile';

const series = readSeriesFile(readFileSync(process.argv[2]));
const spec = parseDetectorSpec({ id: 'bench', name: 'bench', query: 'up', model: { kind: 'default', params: {} } });

createInterface({ input: process.stdin }).on('line', (line) => {
  const [from, to] = line.split(' ').map(Number);
  let checksum = 0;
  const started = process.cpuUsage();
  for (let i = from; i < to; i++) {
    const scored = scoreCausally(spec, series[i].timestamps, series[i].values);
    for (let k = 0; k < scored.scores.length; k++) {
      checksum += scored.scores[k];
    }
  }
  const used = process.cpuUsage(started);
  process.stdout.write(`${(used.user + used.system) / 1e6} ${checksum}\n`);
});
process.stdout.write('ready\n');
