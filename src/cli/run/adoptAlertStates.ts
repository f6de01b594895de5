import { rmSync } from 'node:fs';
import { type AlertEntry, type AlertState, parseAlertState } from '../../alerting';
import type { Logger } from '../log';
import { type Shard, shardOf } from '../shard';
import type { StateDirectory } from '../state/stateDirectory';
import { readStateFile, writeStateFile } from '../state/stateFile';
import { adoptOtherLayoutFiles } from './otherLayoutFiles';

/**
 * Takes over the alert lifecycles of the series this shard owns from the alert states of another shard layout
 * (`alerts.shard-I-of-N.json` left when the Job's parallelism changed, or by a run by hand with other shard flags),
 * each file under that layout's lock: their alerts go on, and resolve, here. The entries of series of other shards
 * stay in the file for those shards; the file is removed once it holds none. This shard's alert state is written
 * before the old file, so a crash in between leaves an entry in both, and the next run keeps its own.
 */
export function adoptOtherAlertStates(
  directory: StateDirectory,
  state: AlertState,
  shard: Shard,
  log: Logger
): AlertState {
  let merged = state;
  adoptOtherLayoutFiles(directory, 'alerts', 'the alert state', log, (file) => {
    const theirs = readStateFile(file, 'alerts', parseAlertState, log);
    if (!theirs) {
      return;
    }
    const mine: Record<string, AlertEntry> = {};
    const rest: Record<string, AlertEntry> = {};
    for (const [identity, entry] of Object.entries(theirs.entries)) {
      (shardOf(entry.seriesLabels, shard.count) === shard.index ? mine : rest)[identity] = entry;
    }
    const adopted = Object.keys(mine).length;
    if (adopted > 0) {
      merged = { ...merged, entries: { ...mine, ...merged.entries } };
      writeStateFile(directory.alertsFile(), 'alerts', merged);
      log.info({ from: file, alerts: adopted }, 'adopted the alert lifecycles of another shard layout');
    }
    if (Object.keys(rest).length === 0) {
      rmSync(file, { force: true });
    } else if (adopted > 0) {
      writeStateFile(file, 'alerts', { ...theirs, entries: rest });
    }
  });
  return merged;
}
