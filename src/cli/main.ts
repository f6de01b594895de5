import { isMainThread, workerData } from 'node:worker_threads';
import { version } from '../../package.json';
import { EXIT_PARTIAL_FAILURE, EXIT_USAGE, UserError } from './command';
import { COMMANDS } from './commands';
import { SCORING_WORKER_ROLE } from './run/scoringPool';
import { serveScoringWorker } from './run/scoringWorker';

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length), 4);
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: vigil <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `vigil <command> --help` for details; `vigil --version` prints the version.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`vigil ${version}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`vigil: unknown command '${name}'\n\n${overview()}\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

/**
 * Ends the process with `code` once stdout and stderr are flushed. A finished command must not linger because of a
 * stray handle (an idle keep-alive socket, a scoring worker thread still starting up); the empty writes call back
 * only after everything written before them has gone out, so piped output is never cut short.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

function runCli(): void {
  main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
    if (error instanceof UserError) {
      process.stderr.write(`vigil: ${error.message}\n`);
      exitWhenFlushed(error.exitCode);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`vigil: internal error: ${message}\n`);
    if (process.env.VIGIL_DEBUG && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
    exitWhenFlushed(EXIT_PARTIAL_FAILURE);
  });
}

// The bundle doubles as the scoring worker: `vigil detect` starts it on worker threads.
if (!isMainThread && (workerData as { role?: string } | null)?.role === SCORING_WORKER_ROLE) {
  serveScoringWorker();
} else {
  runCli();
}
