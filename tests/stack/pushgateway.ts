import fs from 'node:fs';
import path from 'node:path';

import { BINARIES, binaryVersion, requireBinary } from './binaries';
import type { ServerHandle } from './serverHandle';
import { launchServer, makeTempDir } from './serverProcess';

export async function startPushgateway(): Promise<ServerHandle> {
  const binary = requireBinary(BINARIES.pushgateway);
  const version = binaryVersion(BINARIES.pushgateway);
  const tempDir = await makeTempDir('pushgateway');
  const dataDir = path.join(tempDir, 'data');
  try {
    await fs.promises.mkdir(dataDir);
  } catch (error) {
    await fs.promises.rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  return launchServer({
    name: 'pushgateway',
    binary,
    version,
    tempDir,
    dataDir,
    args: (listenAddress) => [
      `--web.listen-address=${listenAddress}`,
      `--persistence.file=${path.join(dataDir, 'metrics.db')}`,
    ],
  });
}
