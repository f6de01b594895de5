import { transfer, wrap, type Remote } from 'comlink';
import type { DetectionResult } from '../engine/detection';
import type { DetectorSpecInput } from '../engine/detectorSpec';
import type { Series } from '../engine/series';
import { createDetectorWorker } from './createDetectorWorker';
import type { DetectorWorkerApi } from './detector.worker';
import type { PreviewResponse, ScoreResponse, ServiceStats } from './detectorService';
import { uniqueBuffers } from './transfer';

export interface ScoreInput {
  series: Series;
  history?: Series;
}

/** The main thread's handle on the detector worker. Inputs are transferred: callers hand over their arrays. */
export interface DetectorClient {
  score(spec: DetectorSpecInput, items: ScoreInput[]): Promise<ScoreResponse>;
  scoreCausally(spec: DetectorSpecInput, timestamps: Float64Array, values: Float64Array): Promise<DetectionResult>;
  preview(spec: DetectorSpecInput, series: Series[], labels?: Record<string, Array<[number, number]>>): Promise<PreviewResponse>;
  stats(): Promise<ServiceStats>;
}

let shared: DetectorClient | undefined;

/** One worker per page, started on first use. */
export function getDetectorClient(): DetectorClient {
  if (!shared) {
    shared = createDetectorClient(wrap<DetectorWorkerApi>(createDetectorWorker()));
  }
  return shared;
}

export function createDetectorClient(remote: Remote<DetectorWorkerApi>): DetectorClient {
  return {
    async score(spec, items) {
      const buffers = items.flatMap(({ series, history }) => [...seriesBuffers(series), ...(history ? seriesBuffers(history) : [])]);
      return remote.score(transfer({ spec, items }, uniqueBuffers(buffers)));
    },
    async scoreCausally(spec, timestamps, values) {
      return remote.scoreCausally(transfer({ spec, timestamps, values }, uniqueBuffers([timestamps.buffer, values.buffer])));
    },
    async preview(spec, series, labels) {
      return remote.preview(transfer({ spec, series, labels }, uniqueBuffers(series.flatMap(seriesBuffers))));
    },
    async stats() {
      return remote.stats();
    },
  };
}

function seriesBuffers(series: Series): ArrayBufferLike[] {
  return [series.timestamps.buffer, series.values.buffer];
}
