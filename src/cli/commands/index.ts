import type { CliCommand } from '../command';
import { configCommand } from './config';
import { demoCommand } from './demo';
import { detectCommand } from './detect';
import { k8sCommand } from './k8s';
import { remediateCommand } from './remediate';
import { reportCommand } from './report';
import { scoreCommand } from './score';
import { serveCommand } from './serve';
import { backtestCommand } from './backtest';

/** Every `vigil` subcommand, in the order `vigil --help` lists them. */
export const COMMANDS: CliCommand[] = [
  detectCommand,
  serveCommand,
  remediateCommand,
  demoCommand,
  reportCommand,
  configCommand,
  k8sCommand,
  scoreCommand,
  backtestCommand,
];
