// Bundles the `vigil` CLI for Node. Packages stay external: they come from node_modules at run time
// (npm ci in a checkout, npm ci --omit=dev in the container image).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const outfile = 'dist-cli/vigil.js';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
