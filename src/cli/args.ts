import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_USAGE, UserError } from './command';
import { resolveShard, type Shard } from './shard';
import { quoteInput } from '../engine/util/quote';
import { parseDecimal } from '../engine/util/decimal';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command that reads config.yaml accepts. */
export const CONFIG_OPTIONS = {
  config: { type: 'string', short: 'c' },
  profile: { type: 'string', short: 'p' },
  'log-level': { type: 'string' },
} as const satisfies Options;

export const SHARD_OPTIONS = {
  'shard-index': { type: 'string' },
  'shard-count': { type: 'string' },
} as const satisfies Options;

/** This process's shard: --shard-index and --shard-count, else the environment (see resolveShard). */
export function resolveShardFlags(
  command: string,
  flags: { 'shard-index'?: string; 'shard-count'?: string },
  env: Record<string, string | undefined>
): Shard {
  return resolveShard(
    {
      index: parseIntegerFlag(command, 'shard-index', flags['shard-index'], 0),
      count: parseIntegerFlag(command, 'shard-count', flags['shard-count'], 1),
    },
    env
  );
}

/**
 * The one line for a parseArgs error. A `|` among the arguments reached vigil instead of the shell: the pipe was
 * quoted or escaped, typically copied as `\|` from a Markdown table, so the output never reached kubectl.
 */
export function flagError(command: string, argv: string[], error: unknown): UserError {
  const pipe = argv.find((arg) => arg === '|' || arg === '\\|');
  const hint = pipe
    ? ` (the shell passed "${pipe}" to vigil instead of piping: remove the backslash or quotes around it)`
    : '';
  return new UserError(`${command}: ${(error as Error).message}${hint}. Run \`vigil ${command} --help\`.`, EXIT_USAGE);
}

/** node:util parseArgs, with its errors turned into a usage error naming the command. */
export function parseFlags<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw flagError(command, argv, error);
  }
}

export function parseIntegerFlag(
  command: string,
  name: string,
  text: string | undefined,
  minimum: number
): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const value = parseDecimal(text);
  if (value === null || !Number.isInteger(value) || value < minimum) {
    throw new UserError(`${command}: --${name} must be an integer >= ${minimum}, got ${quoteInput(text)}`, EXIT_USAGE);
  }
  return value;
}

/** A --port flag: an integer from 0 (any free port) to 65535. */
export function parsePortFlag(command: string, text: string | undefined): number | undefined {
  const port = parseIntegerFlag(command, 'port', text, 0);
  if (port !== undefined && port > 65535) {
    throw new UserError(`${command}: --port must be an integer from 0 to 65535, got ${quoteInput(text!)}`, EXIT_USAGE);
  }
  return port;
}

/** Whole numbers first..last, both included. */
export interface IntegerRange {
  first: number;
  last: number;
}

/** A count N (meaning 1..N) or a range A-B of whole numbers from 1, both ends included. */
export function parseRangeFlag(command: string, name: string, text: string | undefined): IntegerRange | undefined {
  if (text === undefined) {
    return undefined;
  }
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const first = match ? (match[2] === undefined ? 1 : Number(match[1])) : NaN;
  const last = match ? Number(match[2] ?? match[1]) : NaN;
  if (!(first >= 1 && last >= first && Number.isSafeInteger(last))) {
    throw new UserError(
      `${command}: --${name} must be a count N (1 to N) or a range A-B with 1 <= A <= B, got ${quoteInput(text)}`,
      EXIT_USAGE
    );
  }
  return { first, last };
}

export const WORKER_OPTIONS = {
  workers: { type: 'string' },
} as const satisfies Options;

/** Scoring threads: --workers, else $VIGIL_WORKERS, else the CPUs available (at most 8). */
export function resolveWorkers(
  command: string,
  flag: string | undefined,
  env: Record<string, string | undefined>
): number {
  const text = flag ?? env.VIGIL_WORKERS;
  return parseIntegerFlag(command, 'workers', text, 1) ?? Math.min(8, Math.max(1, availableParallelism()));
}
