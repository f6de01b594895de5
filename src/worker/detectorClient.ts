import { transfer, wrap, type Remote } from 'comlink';
import type { DetectionResult } from '../engine/detection';
import type { DetectorSpecInput } from '../engine/detectorSpec';
import { seriesKey, type Series } from '../engine/series';
import { createDetectorWorker } from './createDetectorWorker';
import type { DetectorWorkerApi } from './detector.worker';
import type { PreviewResponse, ScoreResponse, ServiceStats } from './detectorService';
import { uniqueBuffers } from './transfer';

export interface ScoreInput {
  series: Series;
  history?: Series;
}

/** The main thread's handle on the detector workers. Inputs are transferred: callers hand over their arrays. */
export interface DetectorClient {
  score(spec: DetectorSpecInput, items: ScoreInput[]): Promise<ScoreResponse>;
  scoreCausally(spec: DetectorSpecInput, timestamps: Float64Array, values: Float64Array): Promise<DetectionResult>;
  preview(
    spec: DetectorSpecInput,
    series: Series[],
    labels?: Record<string, Array<[number, number]>>
  ): Promise<PreviewResponse>;
  stats(): Promise<ServiceStats[]>;
}

const MAX_WORKERS = 4;
let shared: DetectorClient | undefined;

/** The page's detector workers (one per core, at most four), started on first use. */
export function getDetectorClient(): DetectorClient {
  if (!shared) {
    const count = Math.max(1, Math.min(MAX_WORKERS, navigator.hardwareConcurrency || 1));
    const remotes = Array.from({ length: count }, () => wrap<DetectorWorkerApi>(createDetectorWorker()));
    remotes.forEach((remote) => remote.warmUp().catch(() => undefined));
    shared = createDetectorClient(remotes);
  }
  return shared;
}

/**
 * Spreads a batch over the workers. A series always goes to the same worker (by its key), so the models
 * each worker caches keep serving it; results come back in the order of `items`.
 */
export function createDetectorClient(remotes: Array<Remote<DetectorWorkerApi>>): DetectorClient {
  if (remotes.length === 0) {
    throw new Error('createDetectorClient needs at least one worker');
  }
  return {
    async score(spec, items) {
      const shares = remotes.map(() => [] as number[]);
      items.forEach((item, index) => shares[workerFor(item.series, remotes.length)].push(index));
      const responses = await Promise.all(
        shares.map(async (indices, worker) => {
          if (indices.length === 0) {
            return undefined;
          }
          const share = indices.map((index) => items[index]);
          const buffers = share.flatMap(({ series, history }) => [
            ...seriesBuffers(series),
            ...(history ? seriesBuffers(history) : []),
          ]);
          return {
            indices,
            response: await remotes[worker].score(transfer({ spec, items: share }, uniqueBuffers(buffers))),
          };
        })
      );
      const results: ScoreResponse['results'] = new Array(items.length);
      let computeMs = 0;
      let cacheHits = 0;
      for (const answer of responses) {
        if (answer) {
          answer.indices.forEach((index, position) => (results[index] = answer.response.results[position]));
          computeMs = Math.max(computeMs, answer.response.computeMs);
          cacheHits += answer.response.cacheHits;
        }
      }
      return { results, computeMs, cacheHits };
    },
    async scoreCausally(spec, timestamps, values) {
      return remotes[0].scoreCausally(
        transfer({ spec, timestamps, values }, uniqueBuffers([timestamps.buffer, values.buffer]))
      );
    },
    async preview(spec, series, labels) {
      return remotes[0].preview(transfer({ spec, series, labels }, uniqueBuffers(series.flatMap(seriesBuffers))));
    },
    async stats() {
      return Promise.all(remotes.map((remote) => remote.stats()));
    },
  };
}

function workerFor(series: Series, workers: number): number {
  const key = seriesKey(series.labels);
  let hash = 0;
  for (let i = 0; i < key.length; i++) {
    hash = (Math.imul(hash, 31) + key.charCodeAt(i)) >>> 0;
  }
  return hash % workers;
}

function seriesBuffers(series: Series): ArrayBufferLike[] {
  return [series.timestamps.buffer, series.values.buffer];
}
