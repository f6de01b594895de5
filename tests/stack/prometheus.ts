import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

import type { Series } from '../../src/engine/series';
import { backfill } from './backfill';
import type { ServerHandle } from './serverHandle';
import { startServer } from './startServer';

export interface PrometheusOptions {
  /** Loaded as TSDB blocks before the start: Series (timestamps in ms) or OpenMetrics text. */
  history?: Series[] | string;
  /** host:port targets scraped by one job, `vigil-test`, with honor_labels (right for a Pushgateway). */
  scrapeTargets?: string[];
  scrapeIntervalSeconds?: number;
}

export async function startPrometheus(options: PrometheusOptions = {}): Promise<ServerHandle> {
  return startServer('prometheus', async ({ tempDir, dataDir }) => {
    const configFile = path.join(tempDir, 'prometheus.yml');
    const targets = options.scrapeTargets ?? [];
    if (options.history !== undefined) {
      await backfill(options.history, tempDir, dataDir, targets.length > 0);
    }
    await fs.promises.writeFile(configFile, prometheusConfig(targets, options.scrapeIntervalSeconds ?? 1));
    return (listenAddress) => [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      // Retention counts back from the newest block; history at fixed old dates must survive scraped samples at now.
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=${listenAddress}`,
      '--web.enable-admin-api',
    ];
  });
}

function prometheusConfig(targets: string[], intervalSeconds: number): string {
  const interval = `${intervalSeconds}s`;
  const scrapeConfigs =
    targets.length === 0 ? [] : [{ job_name: 'vigil-test', honor_labels: true, static_configs: [{ targets }] }];
  return stringify({
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    scrape_configs: scrapeConfigs,
  });
}
