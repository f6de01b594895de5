import initEts, * as ets from '@bsull/augurs/ets';
import initMstl, * as mstl from '@bsull/augurs/mstl';
import { augursModels } from '../engine/forecast/augursModels';
import type { ForecastModels } from '../engine/forecast/forecast';
import type { AugursWasmUrls } from './messages';

let loaded: Promise<ForecastModels> | undefined;

/**
 * MSTL and AutoETS for the worker: the WebAssembly is fetched and compiled on the first forecast that
 * needs it, from the URLs the page sends (the worker cannot know where the plugin is served from).
 * A failed load is forgotten, so the next request tries again.
 */
export function loadAugursInWorker(urls: AugursWasmUrls | undefined): Promise<ForecastModels> {
  if (!urls) {
    return Promise.reject(new Error('forecast: the location of augurs WebAssembly was not sent to the worker'));
  }
  loaded ??= Promise.all([initMstl({ module_or_path: urls.mstl }), initEts({ module_or_path: urls.ets })]).then(
    () => augursModels({ mstl, ets }),
    (error: unknown) => {
      loaded = undefined;
      throw new Error(`forecast: augurs WebAssembly could not be loaded from ${urls.mstl}: ${String(error)}`);
    }
  );
  return loaded;
}
