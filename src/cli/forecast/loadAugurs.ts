import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { augursModels, type AugursModules } from '../../engine/forecast/augursModels';
import type { ForecastModels } from '../../engine/forecast/forecast';

type Modules = AugursModules & {
  mstl: typeof import('@bsull/augurs/mstl');
  ets: typeof import('@bsull/augurs/ets');
};

let loaded: Promise<Modules> | undefined;

/**
 * `@bsull/augurs`' MSTL and ETS modules, loaded once on first use: the ES modules by dynamic import,
 * their WebAssembly from the package's own .wasm files (read and instantiated synchronously).
 */
export function loadAugursModules(): Promise<Modules> {
  loaded ??= (async () => {
    const resolve = createRequire(__filename).resolve;
    const [mstl, ets] = await Promise.all([import('@bsull/augurs/mstl'), import('@bsull/augurs/ets')]);
    mstl.initSync({ module: readFileSync(path.join(path.dirname(resolve('@bsull/augurs/mstl')), 'mstl_bg.wasm')) });
    ets.initSync({ module: readFileSync(path.join(path.dirname(resolve('@bsull/augurs/ets')), 'ets_bg.wasm')) });
    return { mstl, ets };
  })();
  return loaded;
}

/** MSTL and AutoETS behind the engine's ForecastModels. */
export async function loadAugursModels(): Promise<ForecastModels> {
  return augursModels(await loadAugursModules());
}
