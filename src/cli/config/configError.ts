import { EXIT_USAGE, UserError } from '../command';

/** A bad config file, profile or environment variable: the message names the key and where it came from. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'ConfigError';
  }
}
