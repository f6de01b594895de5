import { createHash } from 'node:crypto';
import * as esbuild from 'esbuild';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface BundleFile {
  contents: Uint8Array;
  contentType: string;
}

export interface HostBundle {
  /** Output files by URL path under /host/ (e.g. `/host/host.js`). */
  files: Map<string, BundleFile>;
  buildMs: number;
  /** True when the bundle came from the cache (same inputs as an earlier build). */
  cached: boolean;
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
    build.onLoad(
      { filter: /@grafana[\\/]schema[\\/]dist[\\/]esm[\\/]raw[\\/]composable[\\/].*\.gen\.mjs$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const contents = /\bdefaultOptions\b/.test(source) ? source : `${source}\nexport const defaultOptions = {};\n`;
        return { contents, loader: 'js' };
      }
    );
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
      args.importer.endsWith('.mjs')
        ? { path: args.path, namespace: 'cjs-default', pluginData: args.resolveDir }
        : undefined
    );
    build.onLoad({ filter: /.*/, namespace: 'cjs-default' }, (args) => ({
      contents: `import * as cjs from ${JSON.stringify(args.path)};\nexport default cjs.default ?? cjs;\n`,
      resolveDir: args.pluginData as string,
      loader: 'js',
    }));
  },
};

const CACHE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/vigil-host-bundle');

/** A hash of everything the bundle is built from: the host's client code, this builder and the installed packages. */
async function inputsHash(): Promise<string> {
  const clientDir = path.join(REPO_ROOT, 'tests/host/client');
  const clientFiles = (await readdir(clientDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  const hash = createHash('sha256');
  for (const file of [
    ...clientFiles,
    path.join(REPO_ROOT, 'tests/host/hostInfo.ts'),
    __filename,
    path.join(REPO_ROOT, 'package-lock.json'),
  ]) {
    hash.update(path.relative(REPO_ROOT, file)).update(await readFile(file));
  }
  hash.update(esbuild.version);
  return hash.digest('hex').slice(0, 20);
}

interface CacheManifest {
  files: Array<{ urlPath: string; contentType: string; name: string }>;
}

async function readCache(key: string): Promise<Map<string, BundleFile> | undefined> {
  const dir = path.join(CACHE_DIR, key);
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as CacheManifest;
  } catch {
    return undefined;
  }
  const files = new Map<string, BundleFile>();
  for (const file of manifest.files) {
    files.set(file.urlPath, { contentType: file.contentType, contents: await readFile(path.join(dir, file.name)) });
  }
  return files;
}

/** Replaces the cache with this build (written to a temp dir, then renamed, so a reader never sees half of it). */
async function writeCache(key: string, files: Map<string, BundleFile>): Promise<void> {
  const temporary = path.join(CACHE_DIR, `.${key}.${process.pid}`);
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  const manifest: CacheManifest = { files: [] };
  let index = 0;
  for (const [urlPath, file] of files) {
    const name = `${index++}${path.extname(urlPath)}`;
    await writeFile(path.join(temporary, name), file.contents);
    manifest.files.push({ urlPath, contentType: file.contentType, name });
  }
  await writeFile(path.join(temporary, 'manifest.json'), JSON.stringify(manifest));
  for (const stale of await readdir(CACHE_DIR)) {
    if (!stale.startsWith('.')) {
      await rm(path.join(CACHE_DIR, stale), { recursive: true, force: true });
    }
  }
  await rename(temporary, path.join(CACHE_DIR, key)).catch(() => rm(temporary, { recursive: true, force: true }));
}

/**
 * The host page's code (React, Grafana's packages and the host's services) bundled with esbuild, or the cached
 * bundle of identical inputs.
 */
export async function buildHostBundle(): Promise<HostBundle> {
  const started = Date.now();
  const key = await inputsHash();
  const cachedFiles = await readCache(key);
  if (cachedFiles) {
    return { files: cachedFiles, buildMs: Date.now() - started, cached: true };
  }
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
    files.set(urlPath, {
      contents: file.contents,
      contentType: CONTENT_TYPES[path.extname(file.path)] ?? 'application/octet-stream',
    });
  }
  await writeCache(key, files);
  return { files, buildMs: Date.now() - started, cached: false };
}
