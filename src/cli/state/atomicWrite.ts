import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that a crash leaves either the old or the new content, never a torn one: a temp file
 * in the same directory, fsync, rename over the target, then fsync the directory so the rename is durable.
 */
export function writeFileAtomic(file: string, content: string): void {
  const directory = dirname(file);
  const temp = join(directory, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = openSync(temp, 'w', 0o600);
  try {
    writeSync(handle, content);
    fsyncSync(handle);
  } catch (error) {
    closeSync(handle);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(handle);
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  const directoryHandle = openSync(directory, 'r');
  try {
    fsyncSync(directoryHandle);
  } finally {
    closeSync(directoryHandle);
  }
}
