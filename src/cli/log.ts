import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { EXIT_USAGE, UserError } from './command';
import { quoteInput } from '../engine/util/quote';

export type { Logger } from 'pino';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Paths pino blanks out if a secret ever reaches a log call. */
const REDACT = [
  '*.token',
  '*.password',
  '*.bearer_token',
  '*.slack_webhook_url',
  '*.authorization',
  '*.headers',
  'headers',
  'token',
  'password',
];

export interface LoggerOptions {
  level?: string;
  /** Pretty, colourised lines; defaults to true when stderr is a terminal. */
  pretty?: boolean;
}

/**
 * The CLI's logger: JSON lines on stderr (stdout is reserved for command output), or pino-pretty as an
 * in-process stream on a terminal (no worker transports: the CLI is a single esbuild bundle).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.VIGIL_LOG_LEVEL ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new UserError(`--log-level must be one of ${LEVELS.join(', ')}, got ${quoteInput(level)}`, EXIT_USAGE);
  }
  const base = { level, base: { name: 'vigil' }, redact: { paths: REDACT, censor: '****' } };
  const usePretty = options.pretty ?? Boolean(process.stderr.isTTY);
  if (usePretty) {
    return pino(base, pretty({ colorize: true, sync: true, destination: 2, ignore: 'pid,hostname,name' }));
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}
