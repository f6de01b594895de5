import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permissions of a new file, before the umask (default 0600: state is private). */
  createMode?: number;
  /** Exact permissions to give the file (those of the file it replaces). */
  mode?: number;
}

/**
 * Writes a file so that a crash leaves either the old or the new content, never a torn one: a temp file
 * in the same directory, fsync, rename over the target, then fsync the directory so the rename is durable.
 * The temp file is removed when any step fails. Content may come in pieces (a state too large for one
 * string is written line by line).
 */
export function writeFileAtomic(
  file: string,
  content: string | Uint8Array | Iterable<string>,
  options: AtomicWriteOptions = {}
): void {
  const directory = dirname(file);
  const temp = join(directory, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = openSync(temp, 'wx', options.createMode ?? 0o600);
  try {
    try {
      if (options.mode !== undefined) {
        fchmodSync(handle, options.mode);
      }
      if (typeof content === 'string' || content instanceof Uint8Array) {
        writeFileSync(handle, content);
      } else {
        for (const piece of content) {
          writeSync(handle, piece);
        }
      }
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
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
