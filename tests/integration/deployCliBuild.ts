import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * For a test file that needs no folder of its own for the build: registers a beforeAll that builds `vigil` into a
 * new temporary folder named from `prefix` (buildCli) and an afterAll that removes it. Call it before the file's
 * own hooks; the returned function gives the bundle's path from then on.
 */
export function buildCliForFile(prefix: string): () => string {
  let dir: string | undefined;
  let cli: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    cli = buildCli(dir);
  }, 120_000);
  afterAll(() => {
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    if (cli === undefined) {
      throw new Error('vigil is not built yet: read its path in a test or in a hook registered after buildCliForFile');
    }
    return cli;
  };
}
