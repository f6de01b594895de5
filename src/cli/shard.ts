import { seriesKey } from '../engine/series';
import { EXIT_USAGE, UserError } from './command';
import { quoteInput } from '../engine/util/quote';
import { parseDecimal } from '../engine/util/decimal';

export interface Shard {
  index: number;
  count: number;
}

/** FNV-1a over the series key: stable across processes, machines and Node versions. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return (hash ^ (hash >>> 13)) >>> 0;
}

export function shardOf(labels: Record<string, string>, count: number): number {
  return count <= 1 ? 0 : stableHash(seriesKey(labels)) % count;
}

export function inShard(labels: Record<string, string>, shard: Shard): boolean {
  return shardOf(labels, shard.count) === shard.index;
}

/**
 * The shard of this process: flags first, then JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) and
 * VIGIL_SHARD_COUNT; one shard of one when nothing is set.
 */
export function resolveShard(
  flags: { index?: number; count?: number },
  env: Record<string, string | undefined>
): Shard {
  const fromEnv = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') {
      return undefined;
    }
    const value = parseDecimal(text);
    if (value === null || !Number.isInteger(value) || value < 0) {
      throw new UserError(
        `environment variable ${name} must be a non-negative integer, got ${quoteInput(text)}`,
        EXIT_USAGE
      );
    }
    return value;
  };
  const count = flags.count ?? fromEnv('VIGIL_SHARD_COUNT') ?? 1;
  const index = flags.index ?? fromEnv('JOB_COMPLETION_INDEX') ?? 0;
  if (count < 1) {
    throw new UserError(`shard count must be at least 1, got ${count}`, EXIT_USAGE);
  }
  if (index >= count) {
    throw new UserError(`shard index ${index} is out of range for shard count ${count} (0..${count - 1})`, EXIT_USAGE);
  }
  return { index, count };
}
