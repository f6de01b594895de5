// Bundles the `vigil` CLI for Node. Packages stay external: they come from node_modules at run time
// (npm ci in a checkout, npm ci --omit=dev in the container image). TF.js is bundled: its gradient
// registrations ship as ES modules only, which Node cannot require.
const BUNDLED = /^@tensorflow\//;
const externalPackages = {
  name: 'external-packages',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.test(args.path) ? undefined : { external: true }));
  },
};
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
  plugins: [externalPackages],
  // TF.js's ES modules (one copy of tfjs-core, and the side-effect files its package.json declares).
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
