import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a built `vigil` (see buildCli) from the checkout, as a user would, and resolves with its exit code and
 * output: a failing command is a result, not a rejection. `env` is its whole environment (default: this process's).
 */
export function runVigil(
  cli: string,
  args: string[],
  { env = process.env, timeoutMs = 120_000 }: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: ROOT, env, timeout: timeoutMs }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    );
  });
}
