import type { AugursWasmUrls } from './messages';

declare const __webpack_public_path__: string;

/**
 * Absolute URLs of augurs' WebAssembly in the built plugin: webpack emits it under `augurs/` beside
 * the worker (see webpack.config.ts), and the public path is the one Grafana serves the plugin from,
 * a CDN included. Undefined outside a webpack build (unit tests).
 */
export function augursWasmUrls(): AugursWasmUrls | undefined {
  if (typeof __webpack_public_path__ !== 'string') {
    return undefined;
  }
  const base = new URL(`${__webpack_public_path__}augurs/`, document.baseURI);
  return { mstl: new URL('mstl_bg.wasm', base).href, ets: new URL('ets_bg.wasm', base).href };
}
