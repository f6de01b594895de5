import fs from 'node:fs';
import path from 'node:path';

import { BINARIES, binaryVersion, requireBinary } from './binaries';
import type { ServerHandle, ServerName } from './serverHandle';
import { launchServer, type LaunchOptions, makeTempDir } from './serverProcess';

export interface ServerDirs {
  tempDir: string;
  /** `<tempDir>/data`, already created. */
  dataDir: string;
}

/**
 * Starts one of the stack's servers in a fresh temp dir: `prepare` writes what the server needs there and
 * returns its arguments; if preparing fails, the temp dir is removed.
 */
export async function startServer(
  name: ServerName,
  prepare: (dirs: ServerDirs) => Promise<LaunchOptions['args']>
): Promise<ServerHandle> {
  const binary = requireBinary(BINARIES[name]);
  const version = binaryVersion(BINARIES[name]);
  const tempDir = await makeTempDir(name);
  const dataDir = path.join(tempDir, 'data');
  let args: LaunchOptions['args'];
  try {
    await fs.promises.mkdir(dataDir);
    args = await prepare({ tempDir, dataDir });
  } catch (error) {
    await fs.promises.rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  return launchServer({ name, binary, version, tempDir, dataDir, args });
}
