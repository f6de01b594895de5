import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Loads @bsull/augurs' MSTL the only synchronous way there is: read the .wasm bytes and call
 * initSync. Node can read the file; the engine (pure, no file or network access) cannot, and a
 * browser worker would have to fetch the bytes (async) or inline ~330 KB of base64 in its bundle.
 */
export async function loadAugursMstl(): Promise<{ initMs: number; mstl: typeof import('@bsull/augurs/mstl') }> {
  const require = createRequire(__filename);
  const wasmPath = path.join(path.dirname(require.resolve('@bsull/augurs/mstl')), 'mstl_bg.wasm');
  const mstl = await import('@bsull/augurs/mstl');
  const start = performance.now();
  mstl.initSync({ module: readFileSync(wasmPath) });
  return { initMs: performance.now() - start, mstl };
}
