import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EXIT_USAGE, UserError } from '../command';

/** Why a directory the user named cannot be made, for the errors that are the path's fault, not the program's. */
const PATH_FAULTS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file',
  EEXIST: 'it exists and is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  // mkdir in a directory that exists: a file system that holds no new directories (/proc).
  ENOENT: 'the file system there holds no new directories',
};

function pathFault(path: string, what: string, error: unknown): Error {
  const fault = PATH_FAULTS[(error as NodeJS.ErrnoException).code ?? ''];
  return fault ? new UserError(`${path}: cannot make ${what} there: ${fault}`, EXIT_USAGE) : (error as Error);
}

/**
 * Makes directory `path` and its parents, one at a time from the deepest that exists (Node's recursive mkdir
 * retries forever where mkdir answers ENOENT under an existing directory, as in /proc); a path that cannot
 * hold one is a UserError (exit 2) naming it and `what`.
 */
export function ensureDirectory(path: string, what: string): void {
  const missing: string[] = [];
  for (let current = resolve(path); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) {
      break;
    }
  }
  for (const directory of missing) {
    try {
      mkdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(directory).isDirectory()) {
        throw pathFault(path, what, error);
      }
    }
  }
  if (!statSync(path).isDirectory()) {
    throw pathFault(path, what, Object.assign(new Error('not a directory'), { code: 'EEXIST' }));
  }
}
