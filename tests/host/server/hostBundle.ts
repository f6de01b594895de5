import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface BundleFile {
  contents: Uint8Array;
  contentType: string;
}

export interface HostBundle {
  /** Output files by URL path under /host/ (e.g. `/host/host.js`). */
  files: Map<string, BundleFile>;
  buildMs: number;
}

const REPO_ROOT = path.resolve(__dirname, '../../..');
const CLIENT_ENTRY = path.join(REPO_ROOT, 'tests/host/client/main.tsx');
const PLUGIN_PAGE_MODULE = path.join(REPO_ROOT, 'node_modules/@grafana/runtime/dist/esm/components/PluginPage.mjs');
const BUNDLE_URL_PREFIX = '/host/';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * @grafana/scenes 7 imports `defaultOptions` from the table panel's schema types, which this @grafana/schema no
 * longer exports. webpack leaves the binding undefined with a warning; esbuild refuses to link, so the host adds
 * the missing export (the table panel has no schema defaults).
 */
const missingSchemaExports: esbuild.Plugin = {
  name: 'grafana-schema-missing-exports',
  setup(build) {
    build.onLoad({ filter: /@grafana[\\/]schema[\\/]dist[\\/]esm[\\/]raw[\\/]composable[\\/].*\.gen\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = /\bdefaultOptions\b/.test(source) ? source : `${source}\nexport const defaultOptions = {};\n`;
      return { contents, loader: 'js' };
    });
  },
};

/**
 * @grafana/ui's `.mjs` files default-import CommonJS packages compiled from ES modules (`exports.default`). In a
 * `.mjs` importer esbuild follows Node's rule (default = the whole `module.exports`); Grafana's webpack build uses
 * `exports.default`. These imports go through a small module that picks `exports.default` the way webpack does.
 */
const CJS_DEFAULT_PACKAGES = /^(react-custom-scrollbars-2|calculate-size)$/;
const cjsDefaultInterop: esbuild.Plugin = {
  name: 'cjs-default-interop',
  setup(build) {
    build.onResolve({ filter: CJS_DEFAULT_PACKAGES }, (args) =>
      args.importer.endsWith('.mjs') ? { path: args.path, namespace: 'cjs-default', pluginData: args.resolveDir } : undefined
    );
    build.onLoad({ filter: /.*/, namespace: 'cjs-default' }, (args) => ({
      contents: `import * as cjs from ${JSON.stringify(args.path)};\nexport default cjs.default ?? cjs;\n`,
      resolveDir: args.pluginData as string,
      loader: 'js',
    }));
  },
};

/** Bundles the host page's code (React, Grafana's packages and the host's services) with esbuild. */
export async function buildHostBundle(): Promise<HostBundle> {
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: { host: CLIENT_ENTRY },
    absWorkingDir: REPO_ROOT,
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: path.join(REPO_ROOT, 'host-bundle'),
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    publicPath: BUNDLE_URL_PREFIX,
    write: false,
    platform: 'browser',
    target: 'chrome120',
    sourcemap: 'linked',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    alias: { 'vigil-host:plugin-page': PLUGIN_PAGE_MODULE },
    loader: { '.svg': 'text', '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    plugins: [missingSchemaExports, cjsDefaultInterop],
    logLevel: 'silent',
  });
  const files = new Map<string, BundleFile>();
  const outdir = path.join(REPO_ROOT, 'host-bundle');
  for (const file of result.outputFiles) {
    const urlPath = BUNDLE_URL_PREFIX + path.relative(outdir, file.path).split(path.sep).join('/');
    files.set(urlPath, { contents: file.contents, contentType: CONTENT_TYPES[path.extname(file.path)] ?? 'application/octet-stream' });
  }
  return { files, buildMs: Date.now() - started };
}
