import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

import { BINARIES, binaryVersion, requireBinary } from './binaries';
import type { ServerHandle } from './serverHandle';
import { launchServer, makeTempDir } from './serverProcess';

export interface AlertmanagerOptions {
  /** Alertmanager's `global.resolve_timeout` (e.g. "5m"), used for alerts posted without endsAt. */
  resolveTimeout?: string;
}

export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<ServerHandle> {
  const binary = requireBinary(BINARIES.alertmanager);
  const version = binaryVersion(BINARIES.alertmanager);
  const tempDir = await makeTempDir('alertmanager');
  const dataDir = path.join(tempDir, 'data');
  const configFile = path.join(tempDir, 'alertmanager.yml');
  const config = {
    global: { resolve_timeout: options.resolveTimeout ?? '5m' },
    route: { receiver: 'nowhere', group_wait: '0s', group_interval: '1s', repeat_interval: '1h' },
    receivers: [{ name: 'nowhere' }],
  };
  try {
    await fs.promises.mkdir(dataDir);
    await fs.promises.writeFile(configFile, stringify(config));
  } catch (error) {
    await fs.promises.rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  return launchServer({
    name: 'alertmanager',
    binary,
    version,
    tempDir,
    dataDir,
    args: (listenAddress) => [
      `--config.file=${configFile}`,
      `--storage.path=${dataDir}`,
      `--web.listen-address=${listenAddress}`,
      // Empty: no gossip cluster, so nothing listens beyond the loopback HTTP port.
      '--cluster.listen-address=',
    ],
  });
}
