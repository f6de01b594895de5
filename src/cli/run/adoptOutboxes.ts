import { rmSync } from 'node:fs';
import { mergeOutboxes, type Outbox, parseOutbox } from '../../alerting';
import type { Logger } from '../log';
import type { StateDirectory } from '../state/stateDirectory';
import { readStateFile, writeStateFile } from '../state/stateFile';
import { StateLock, StateLockedError } from '../state/stateLock';

/**
 * Moves the undelivered alerts of outboxes left by another shard layout into this run's outbox, each under
 * that layout's lock (two pods of the new layout never adopt the same file); written before the old file
 * is removed, so a crash in between delivers twice at worst (Alertmanager deduplicates), never loses.
 */
export function adoptOtherOutboxes(directory: StateDirectory, outbox: Outbox, log: Logger): Outbox {
  let merged = outbox;
  for (const other of directory.otherLayoutFiles('outbox')) {
    let lock: StateLock;
    try {
      lock = StateLock.acquire(other.lock, log);
    } catch (error) {
      if (error instanceof StateLockedError) {
        log.info({ file: other.file }, 'the outbox of another shard layout is in use; it is adopted by a later run');
        continue;
      }
      throw error;
    }
    try {
      const adopted = readStateFile(other.file, 'outbox', parseOutbox, log);
      if (adopted && adopted.entries.length > 0) {
        merged = mergeOutboxes(merged, adopted);
        writeStateFile(directory.outboxFile(), 'outbox', merged);
        log.info(
          { from: other.file, alerts: adopted.entries.length },
          'adopted the undelivered alerts of another shard layout'
        );
      }
      rmSync(other.file, { force: true });
    } finally {
      lock.release();
    }
  }
  return merged;
}
