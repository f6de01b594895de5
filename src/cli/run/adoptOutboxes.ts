import { rmSync } from 'node:fs';
import { mergeOutboxes, type Outbox, parseOutbox } from '../../alerting';
import type { Logger } from '../log';
import type { StateDirectory } from '../state/stateDirectory';
import { readStateFile, writeStateFile } from '../state/stateFile';
import { adoptOtherLayoutFiles } from './otherLayoutFiles';

/**
 * Moves the undelivered alerts of outboxes left by another shard layout into this run's outbox, each under
 * that layout's lock (two pods of the new layout never adopt the same file); written before the old file
 * is removed, so a crash in between delivers twice at worst (Alertmanager deduplicates), never loses.
 */
export function adoptOtherOutboxes(directory: StateDirectory, outbox: Outbox, log: Logger): Outbox {
  let merged = outbox;
  adoptOtherLayoutFiles(directory, 'outbox', 'the outbox', log, (file) => {
    const adopted = readStateFile(file, 'outbox', parseOutbox, log);
    if (adopted && adopted.entries.length > 0) {
      merged = mergeOutboxes(merged, adopted);
      writeStateFile(directory.outboxFile(), 'outbox', merged);
      log.info(
        { from: file, alerts: adopted.entries.length },
        'adopted the undelivered alerts of another shard layout'
      );
    }
    rmSync(file, { force: true });
  });
  return merged;
}
