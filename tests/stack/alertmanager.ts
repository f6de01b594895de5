import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

import type { ServerHandle } from './serverHandle';
import { startServer } from './startServer';

export interface AlertmanagerOptions {
  /** Alertmanager's `global.resolve_timeout` (e.g. "5m"), used for alerts posted without endsAt. */
  resolveTimeout?: string;
  /** A webhook_configs receiver all alerts go to (instead of none), re-sent every `repeatInterval`. */
  webhook?: { url: string; bearerToken: string; repeatInterval?: string };
}

export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<ServerHandle> {
  return startServer('alertmanager', async ({ tempDir, dataDir }) => {
    const configFile = path.join(tempDir, 'alertmanager.yml');
    const config = {
      global: { resolve_timeout: options.resolveTimeout ?? '5m' },
      route: {
        receiver: options.webhook ? 'webhook' : 'nowhere',
        group_by: options.webhook ? ['...'] : undefined,
        group_wait: '0s',
        group_interval: '1s',
        repeat_interval: options.webhook?.repeatInterval ?? '1h',
      },
      receivers: options.webhook
        ? [
            {
              name: 'webhook',
              webhook_configs: [
                {
                  url: options.webhook.url,
                  send_resolved: true,
                  http_config: { authorization: { type: 'Bearer', credentials: options.webhook.bearerToken } },
                },
              ],
            },
          ]
        : [{ name: 'nowhere' }],
    };
    await fs.promises.writeFile(configFile, stringify(config));
    return (listenAddress) => [
      `--config.file=${configFile}`,
      `--storage.path=${dataDir}`,
      `--web.listen-address=${listenAddress}`,
      // Empty: no gossip cluster, so nothing listens beyond the loopback HTTP port.
      '--cluster.listen-address=',
    ];
  });
}
