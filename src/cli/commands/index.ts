import type { CliCommand } from '../command';
import { configCommand } from './config';

/** Every `vigil` subcommand, in the order `vigil --help` lists them. */
export const COMMANDS: CliCommand[] = [configCommand];
