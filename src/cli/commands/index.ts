import type { CliCommand } from '../command';

/** Every `vigil` subcommand, in the order `vigil --help` lists them. */
export const COMMANDS: CliCommand[] = [];
