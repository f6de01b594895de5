/** Exit codes of every vigil command: a CronJob and Airflow read them. */
export const EXIT_OK = 0;
export const EXIT_PARTIAL_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CliCommand {
  name: string;
  /** One line for `vigil --help`. */
  summary: string;
  /** The full text for `vigil <name> --help`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

/**
 * A mistake of the user's (bad flag, bad config, unreadable input): printed as its message alone,
 * never with a stack trace, and the process exits with `exitCode`.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE
  ) {
    super(message);
    this.name = 'UserError';
  }
}
