import { closeSync, lstatSync, openSync, realpathSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { EXIT_USAGE, UserError } from '../command';
import { writeFileAtomic } from './atomicWrite';

/**
 * How a user-named output path is written:
 * - `replace`: a regular file, or nothing yet: written atomically (temp file beside it, rename). Through a
 *   symlink, `path` is the link's real target, so the link stays a link.
 * - `write-through`: a FIFO, a character device (`/dev/stdout`, `/dev/null`, a terminal) or a dangling symlink:
 *   opened and written like `>` in a shell; never renamed over.
 */
export type OutputTarget = { kind: 'replace'; path: string; mode?: number } | { kind: 'write-through'; path: string };

function statOrUndefined(stat: (path: string) => Stats, path: string): Stats | undefined {
  try {
    return stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/** Decides how to write `path`; a directory, a block device or a socket is a UserError (exit 2) naming it. */
export function outputTarget(path: string, what: string): OutputTarget {
  let target: Stats | undefined;
  let link: Stats | undefined;
  try {
    target = statOrUndefined(statSync, path);
    link = statOrUndefined(lstatSync, path);
  } catch (error) {
    throw cannotWrite(path, what, error);
  }
  if (!target) {
    return link?.isSymbolicLink() ? { kind: 'write-through', path } : { kind: 'replace', path };
  }
  if (target.isFile()) {
    const real = link?.isSymbolicLink() ? realpathSync(path) : path;
    return { kind: 'replace', path: real, mode: target.mode & 0o7777 };
  }
  if (target.isFIFO() || target.isCharacterDevice()) {
    return { kind: 'write-through', path };
  }
  const kind = target.isDirectory() ? 'a directory' : target.isBlockDevice() ? 'a block device' : 'not a regular file';
  throw new UserError(`${path}: cannot write ${what} there: it is ${kind}`, EXIT_USAGE);
}

function cannotWrite(path: string, what: string, error: unknown): UserError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new UserError(`${path}: cannot write ${what} (${reason})`, EXIT_USAGE);
}

/**
 * Writes a file the user named (scores, reports, manifests): atomically when it is a regular file (a failed
 * write leaves the old content and no temp file), straight through when it is a FIFO or a character device,
 * never replacing a symlink or a device node. Every failure is one UserError line naming the path (exit 2).
 */
export function writeOutputFile(path: string, content: string | Uint8Array, what = 'the output file'): void {
  const target = outputTarget(path, what);
  try {
    if (target.kind === 'replace') {
      writeFileAtomic(target.path, content, { createMode: 0o666, mode: target.mode });
      return;
    }
    const handle = openSync(target.path, 'w');
    try {
      writeFileSync(handle, content);
    } finally {
      closeSync(handle);
    }
  } catch (error) {
    throw cannotWrite(path, what, error);
  }
}
