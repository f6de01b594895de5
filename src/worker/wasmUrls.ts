import type { AugursWasmUrls, TensorflowUrls } from './messages';
import { TENSORFLOW_SCRIPT } from './tensorflowScriptName';

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

/**
 * Where the worker's TF.js is served: its script (an entry of its own) and its WebAssembly backend's two
 * single-threaded binaries, copied under `tfjs/`.
 */
export function tensorflowUrls(): TensorflowUrls | undefined {
  const script = pluginFileUrl(`${TENSORFLOW_SCRIPT.name}.js`);
  const plain = pluginFileUrl('tfjs/tfjs-backend-wasm.wasm');
  const simd = pluginFileUrl('tfjs/tfjs-backend-wasm-simd.wasm');
  return script && plain && simd ? { script, plain, simd } : undefined;
}
