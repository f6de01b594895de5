import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Builds `vigil` with the project's own scripts/build-cli.mjs into `dir`/dist-cli/vigil.js (sources and
 * node_modules linked from the checkout), so test files running in parallel never read a dist-cli/vigil.js
 * that another one is rewriting. Returns the bundle's path.
 */
export function buildCli(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const entry of ['src', 'scripts', 'node_modules', 'tsconfig.json', '.config', 'package.json']) {
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  execFileSync('node', ['scripts/build-cli.mjs'], { cwd: dir, stdio: 'inherit' });
  return join(dir, 'dist-cli', 'vigil.js');
}
