import type { AugursWasmUrls, TfWasmUrls } from './messages';

declare const __webpack_public_path__: string;

/**
 * Absolute URL of a file the plugin's build emits beside the worker (see webpack.config.ts). The public path is
 * the one Grafana serves the plugin from, a CDN included. Undefined outside a webpack build (unit tests).
 */
function pluginFileUrl(file: string): string | undefined {
  if (typeof __webpack_public_path__ !== 'string') {
    return undefined;
  }
  return new URL(`${__webpack_public_path__}${file}`, document.baseURI).href;
}

/** Where augurs' WebAssembly is served: webpack emits it under `augurs/`. */
export function augursWasmUrls(): AugursWasmUrls | undefined {
  const mstl = pluginFileUrl('augurs/mstl_bg.wasm');
  const ets = pluginFileUrl('augurs/ets_bg.wasm');
  return mstl && ets ? { mstl, ets } : undefined;
}

/** Where TF.js's WebAssembly backend is served: its two single-threaded binaries are copied under `tfjs/`. */
export function tfWasmUrls(): TfWasmUrls | undefined {
  const plain = pluginFileUrl('tfjs/tfjs-backend-wasm.wasm');
  const simd = pluginFileUrl('tfjs/tfjs-backend-wasm-simd.wasm');
  return plain && simd ? { plain, simd } : undefined;
}
