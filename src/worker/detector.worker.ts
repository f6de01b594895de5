import { expose, transfer } from 'comlink';
import { DetectorService, type FitProgress } from './detectorService';
import { loadAugursInWorker } from './loadAugursInWorker';
import { parseMessage, tensorflowUrlsSchema, warmUpRoundSchema, type TensorflowUrls } from './messages';
import { startNeuralBackendInWorker } from './neuralBackendInWorker';
import { locateTensorflowScript } from './tensorflowInWorker';
import { forecastBuffers, resultBuffers, uniqueBuffers } from './transfer';

/**
 * The detector worker: hosts the engine off the main thread. Every result's typed arrays are
 * transferred back, not copied. Bundled as a classic script (see createDetectorWorker.ts).
 * Each request that trains a network first loads TF.js and starts its WebAssembly backend (once), from where
 * `locateTensorflow` said they are served; other requests never load TF.js.
 */
let tensorflow: TensorflowUrls | undefined;
const service = new DetectorService(loadAugursInWorker, () => startNeuralBackendInWorker(tensorflow));

export const detectorWorkerApi = {
  /** Where the plugin serves TF.js and its WebAssembly (the page sends it right after starting the worker). */
  locateTensorflow(urls: unknown) {
    tensorflow = parseMessage(tensorflowUrlsSchema, urls, 'locateTensorflow');
    locateTensorflowScript(tensorflow.script);
  },
  async score(request: unknown) {
    await service.prepare(request);
    const response = service.score(request);
    return transfer(
      response,
      response.results.flatMap((one) => resultBuffers(one.result))
    );
  },
  async scoreWithProgress(request: unknown, onProgress: (progress: FitProgress) => void) {
    await service.prepare(request);
    const response = await service.scoreWithProgress(request, onProgress);
    return transfer(
      response,
      response.results.flatMap((one) => resultBuffers(one.result))
    );
  },
  async scoreCausally(request: unknown) {
    await service.prepare(request);
    const result = service.scoreCausally(request);
    return transfer(result, resultBuffers(result));
  },
  async preview(request: unknown, onProgress?: (progress: FitProgress) => void) {
    await service.prepare(request);
    const response = service.preview(request, onProgress);
    return transfer(
      response,
      response.results.flatMap((one) => resultBuffers(one.result))
    );
  },
  async scoreMultivariate(request: unknown, onProgress?: (progress: FitProgress) => void) {
    await service.prepare(request);
    const response = await service.scoreMultivariate(request, onProgress);
    return transfer(
      response,
      response.results.flatMap((one) => [
        ...resultBuffers(one.result),
        ...uniqueBuffers([one.contributions!.shares.buffer]),
      ])
    );
  },
  async forecast(request: unknown) {
    const response = await service.forecast(request);
    return transfer(
      response,
      response.results.flatMap((one) => forecastBuffers(one.forecast))
    );
  },
  warmUp(round: unknown) {
    service.warmUp(parseMessage(warmUpRoundSchema, round, 'warmUp'));
  },
  stats() {
    return service.stats();
  },
  clear() {
    service.clear();
  },
};

export type DetectorWorkerApi = typeof detectorWorkerApi;

expose(detectorWorkerApi);
