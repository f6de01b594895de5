import type { PushgatewayClient } from '../../clients';
import type { Logger } from '../log';
import type { Shard } from '../shard';
import { PUSH_JOB } from './pushJob';

/**
 * Deletes the Pushgateway groups of shards the layout no longer has (`shard` at or above the shard count, after the
 * Job's parallelism went down): no pod pushes them again, and their last success time, frozen, would keep a "not
 * scoring" rule firing. Shard 0 alone looks, once a run (one listing of the groups). Returns the errors.
 */
export async function deleteRetiredShardGroups(
  pushgateway: PushgatewayClient,
  shard: Shard,
  log: Logger
): Promise<string[]> {
  if (shard.index !== 0) {
    return [];
  }
  let groups: Array<Record<string, string>>;
  try {
    groups = await pushgateway.listGroups();
  } catch (error) {
    log.error({ error: (error as Error).message }, 'the Pushgateway groups could not be listed');
    return [`run metrics of retired shards: ${(error as Error).message}`];
  }
  const errors: string[] = [];
  for (const { job, ...grouping } of groups) {
    if (job !== PUSH_JOB || !(Number(grouping.shard) >= shard.count)) {
      continue;
    }
    try {
      await pushgateway.deleteGroup(PUSH_JOB, grouping);
      log.info({ group: grouping }, 'deleted the Pushgateway group of a shard the layout no longer has');
    } catch (error) {
      errors.push(`run metrics of retired shard ${grouping.shard}: ${(error as Error).message}`);
      log.error({ group: grouping, error: (error as Error).message }, 'a retired shard group could not be deleted');
    }
  }
  return errors;
}
