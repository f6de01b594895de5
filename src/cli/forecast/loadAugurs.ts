import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { augursModels } from '../../engine/forecast/augursModels';
import type { ForecastModels } from '../../engine/forecast/forecast';

let loaded: Promise<ForecastModels> | undefined;

/**
 * MSTL and AutoETS from `@bsull/augurs`, loaded once on first use: the ES modules by dynamic import,
 * their WebAssembly from the package's own .wasm files (read and instantiated synchronously).
 */
export function loadAugursModels(): Promise<ForecastModels> {
  loaded ??= (async () => {
    const resolve = createRequire(__filename).resolve;
    const [mstl, ets] = await Promise.all([import('@bsull/augurs/mstl'), import('@bsull/augurs/ets')]);
    mstl.initSync({ module: readFileSync(path.join(path.dirname(resolve('@bsull/augurs/mstl')), 'mstl_bg.wasm')) });
    ets.initSync({ module: readFileSync(path.join(path.dirname(resolve('@bsull/augurs/ets')), 'ets_bg.wasm')) });
    return augursModels({ mstl, ets });
  })();
  return loaded;
}
