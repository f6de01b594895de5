import { expose, transfer } from 'comlink';
import { DetectorService, type FitProgress } from './detectorService';
import { loadAugursInWorker } from './loadAugursInWorker';
import { forecastBuffers, resultBuffers, uniqueBuffers } from './transfer';

/**
 * The detector worker: hosts the engine off the main thread. Every result's typed arrays are
 * transferred back, not copied. Bundled as a classic script (see createDetectorWorker.ts).
 */
const service = new DetectorService(loadAugursInWorker);

export const detectorWorkerApi = {
  score(request: unknown) {
    const response = service.score(request);
    return transfer(
      response,
      response.results.flatMap((one) => resultBuffers(one.result))
    );
  },
  async scoreWithProgress(request: unknown, onProgress: (progress: FitProgress) => void) {
    const response = await service.scoreWithProgress(request, onProgress);
    return transfer(
      response,
      response.results.flatMap((one) => resultBuffers(one.result))
    );
  },
  scoreCausally(request: unknown) {
    const result = service.scoreCausally(request);
    return transfer(result, resultBuffers(result));
  },
  preview(request: unknown, onProgress?: (progress: FitProgress) => void) {
    const response = service.preview(request, onProgress);
    return transfer(
      response,
      response.results.flatMap((one) => resultBuffers(one.result))
    );
  },
  scoreMultivariate(request: unknown) {
    const response = service.scoreMultivariate(request);
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
  warmUp() {
    service.warmUp();
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
