import path from 'node:path';

import type { ServerHandle } from './serverHandle';
import { startServer } from './startServer';

export async function startPushgateway(): Promise<ServerHandle> {
  return startServer('pushgateway', async ({ dataDir }) => (listenAddress) => [
    `--web.listen-address=${listenAddress}`,
    `--persistence.file=${path.join(dataDir, 'metrics.db')}`,
  ]);
}
