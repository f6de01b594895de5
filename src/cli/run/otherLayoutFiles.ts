import type { Logger } from '../log';
import type { StateDirectory } from '../state/stateDirectory';
import { StateLock, StateLockedError } from '../state/stateLock';

/**
 * Calls `adopt` with each `kind` file another shard layout left, under that layout's lock, so two pods of the new
 * layout never adopt the same file. A file whose layout's lock is held (a pod of it still running) is left, with a
 * line naming `what` it holds, for a later run.
 */
export function adoptOtherLayoutFiles(
  directory: StateDirectory,
  kind: 'outbox' | 'alerts',
  what: string,
  log: Logger,
  adopt: (file: string) => void
): void {
  for (const other of directory.otherLayoutFiles(kind)) {
    let lock: StateLock;
    try {
      lock = StateLock.acquire(other.lock, log);
    } catch (error) {
      if (error instanceof StateLockedError) {
        log.info({ file: other.file }, `${what} of another shard layout is in use; it is adopted by a later run`);
        continue;
      }
      throw error;
    }
    try {
      adopt(other.file);
    } finally {
      lock.release();
    }
  }
}
