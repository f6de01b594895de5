// `npm run demo` (after build:cli): the offline demo by default; with `--stack`, the full loop against real servers
// (stackDemo.ts). Lives in scripts/ because src/ must not import tests/.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runStackDemo } from './stackDemo';

const CLI = resolve('dist-cli/vigil.js');

function vigil(args: string[]): number {
  const result = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
  return result.status ?? 1;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--stack')) {
    return runStackDemo(CLI, (text) => process.stdout.write(text));
  }
  return vigil(['demo', ...args]);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
);
