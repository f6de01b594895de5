import { rmSync, statSync } from 'node:fs';
import type { PushgatewayClient } from '../../clients';
import type { Logger } from '../log';
import type { Shard } from '../shard';
import type { StateDirectory } from '../state/stateDirectory';
import { PUSH_JOB } from './pushJob';

export interface RemovedDetectorsInput {
  directory: StateDirectory;
  /** The detectors the config enables. */
  enabled: ReadonlySet<string>;
  shard: Shard;
  stateTtlMs: number;
  nowMs: number;
  /** Absent: no group to delete (no Pushgateway, or `serve`, which pushes none). */
  pushgateway?: PushgatewayClient;
  log: Logger;
}

/**
 * Clears what this shard kept of the detectors the config no longer enables: each run while their state file is
 * kept, their Pushgateway group (its vigil_last_run_timestamp_seconds would stay, stale, before every "no recent
 * run" rule); the file once it was last written longer ago than state_ttl (until then, enabling the detector again
 * restores its models; after it, a run would drop every series in it anyway). Returns the errors.
 */
export async function clearRemovedDetectors(input: RemovedDetectorsInput): Promise<string[]> {
  const { directory, shard, log } = input;
  const errors: string[] = [];
  for (const detector of directory.detectorIds().filter((id) => !input.enabled.has(id))) {
    if (input.pushgateway) {
      const grouping = { vigil_detector: detector, shard: String(shard.index) };
      try {
        await input.pushgateway.deleteGroup(PUSH_JOB, grouping);
        log.debug({ group: grouping }, 'deleted the Pushgateway group of a detector no longer configured');
      } catch (error) {
        errors.push(`run metrics of removed detector ${detector}: ${(error as Error).message}`);
        log.error(
          { group: grouping, error: (error as Error).message },
          'the Pushgateway group of a detector no longer configured could not be deleted'
        );
      }
    }
    const file = directory.detectorFile(detector);
    if (statSync(file).mtimeMs + input.stateTtlMs <= input.nowMs) {
      rmSync(file, { force: true });
      log.info({ detector, file }, 'deleted the state of a detector no longer configured, unused for state_ttl');
    }
  }
  return errors;
}
