import fs from 'node:fs';
import path from 'node:path';

import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { seriesToOpenMetrics } from './openMetrics';

/**
 * `node --import tsx tests/stack/writeDemoHistory.ts FILE`: writes the built-in demo history as OpenMetrics, ready for
 * `promtool tsdb create-blocks-from openmetrics` (docker-compose.yaml backfills its Prometheus with it).
 */
function main(argv: string[]): number {
  const [file] = argv;
  if (file === undefined || argv.length !== 1) {
    process.stderr.write('usage: node --import tsx tests/stack/writeDemoHistory.ts FILE\n');
    return 2;
  }
  const series = generateServerMetrics();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, seriesToOpenMetrics(series));
  process.stdout.write(`wrote ${series.length} demo series to ${file}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
