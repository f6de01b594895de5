import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { DetectionResult } from '../engine/detection';
import type { DetectorSpecInput } from '../engine/detectorSpec';
import type { MetricSeries } from '../engine/multivariate/joinSeries';
import { seriesKey, type Series } from '../engine/series';
import { augursWasmUrls, tensorflowUrls } from './wasmUrls';
import { createDetectorWorker } from './createDetectorWorker';
import type { DetectorWorkerApi } from './detector.worker';
import type { FitProgress, ForecastResponse, PreviewResponse, ScoreResponse, ServiceStats } from './detectorService';
import type { AugursWasmUrls } from './messages';
import { uniqueBuffers } from './transfer';

export interface ScoreInput {
  series: Series;
  history?: Series;
}

/** The main thread's handle on the detector workers. Inputs are transferred: callers hand over their arrays. */
export interface DetectorClient {
  score(spec: DetectorSpecInput, items: ScoreInput[]): Promise<ScoreResponse>;
  /** `score` on one worker, training in steps with progress after each epoch (for the neural kinds). */
  scoreWithProgress(
    spec: DetectorSpecInput,
    items: ScoreInput[],
    onProgress: (progress: FitProgress) => void
  ): Promise<ScoreResponse>;
  scoreCausally(spec: DetectorSpecInput, timestamps: Float64Array, values: Float64Array): Promise<DetectionResult>;
  /** Causal scores and their summary, on one worker; `onProgress` hears each training epoch of the neural kinds. */
  preview(
    spec: DetectorSpecInput,
    series: Series[],
    labels?: Record<string, Array<[number, number]>>,
    onProgress?: (progress: FitProgress) => void
  ): Promise<PreviewResponse>;
  /**
   * A multivariate spec over each metric's series (named as in the spec's `multivariate` block), on one worker;
   * with each metric's history, targets are fitted on it. `onProgress` hears each training epoch of the neural kinds.
   */
  scoreMultivariate(
    spec: DetectorSpecInput,
    metrics: MetricSeries[],
    history?: MetricSeries[],
    onProgress?: (progress: FitProgress) => void
  ): Promise<ScoreResponse>;
  /** The spec's forecast per series (the spec needs a `forecast` block), in the order of `series`. */
  forecast(spec: DetectorSpecInput, series: Series[]): Promise<ForecastResponse>;
  stats(): Promise<ServiceStats[]>;
}

const MAX_WORKERS = 4;
/** Warm-up rounds (warmUpSeries.ts) each worker scores while the page has asked nothing yet. */
const WARM_UP_ROUNDS = 16;
let shared: DetectorClient | undefined;

/**
 * The page's detector workers, started on first use: one per core but one, at most four. The main thread and V8's
 * compiler and garbage collector threads need a core too: on two cores, two fresh workers took 420-540 ms each to
 * score 50 series, one alone 370-390 ms to score all 100 (docs/ui.md).
 */
export function getDetectorClient(): DetectorClient {
  if (!shared) {
    const count = Math.max(1, Math.min(MAX_WORKERS, (navigator.hardwareConcurrency || 2) - 1));
    const remotes = Array.from({ length: count }, () => wrap<DetectorWorkerApi>(createDetectorWorker()));
    const tensorflow = tensorflowUrls();
    if (tensorflow) {
      remotes.forEach((remote) => remote.locateTensorflow(tensorflow).catch(() => undefined));
    }
    shared = createDetectorClient(remotes, augursWasmUrls(), WARM_UP_ROUNDS);
  }
  return shared;
}

/**
 * Spreads a batch over the workers. A series always goes to the same worker (by its key), so the models
 * each worker caches keep serving it; results come back in the order of `items`.
 */
export function createDetectorClient(
  remotes: Array<Remote<DetectorWorkerApi>>,
  augursWasm?: AugursWasmUrls,
  warmUpRounds = 0
): DetectorClient {
  if (remotes.length === 0) {
    throw new Error('createDetectorClient needs at least one worker');
  }
  const client: DetectorClient = {
    async score(spec, items) {
      const answers = await acrossWorkers(
        remotes,
        items,
        (item) => item.series,
        (remote, share) => {
          const buffers = share.flatMap(({ series, history }) => [
            ...seriesBuffers(series),
            ...(history ? seriesBuffers(history) : []),
          ]);
          return remote.score(transfer({ spec, items: share }, uniqueBuffers(buffers)));
        }
      );
      return {
        results: inInputOrder(answers, items.length),
        computeMs: Math.max(0, ...answers.map(({ response }) => response.computeMs)),
        cacheHits: answers.reduce((sum, { response }) => sum + response.cacheHits, 0),
      };
    },
    async scoreWithProgress(spec, items, onProgress) {
      const buffers = items.flatMap(({ series, history }) => [
        ...seriesBuffers(series),
        ...(history ? seriesBuffers(history) : []),
      ]);
      return remotes[0].scoreWithProgress(transfer({ spec, items }, uniqueBuffers(buffers)), proxy(onProgress));
    },
    async scoreCausally(spec, timestamps, values) {
      return remotes[0].scoreCausally(
        transfer({ spec, timestamps, values }, uniqueBuffers([timestamps.buffer, values.buffer]))
      );
    },
    async preview(spec, series, labels, onProgress) {
      return remotes[0].preview(
        transfer({ spec, series, labels }, uniqueBuffers(series.flatMap(seriesBuffers))),
        onProgress ? proxy(onProgress) : undefined
      );
    },
    async scoreMultivariate(spec, metrics, history, onProgress) {
      const buffers = [...metrics, ...(history ?? [])].flatMap(({ series }) => series.flatMap(seriesBuffers));
      return remotes[0].scoreMultivariate(
        transfer({ spec, metrics, history }, uniqueBuffers(buffers)),
        onProgress ? proxy(onProgress) : undefined
      );
    },
    async forecast(spec, series) {
      const answers = await acrossWorkers(
        remotes,
        series,
        (one) => one,
        (remote, share) =>
          remote.forecast(transfer({ spec, series: share, augursWasm }, uniqueBuffers(share.flatMap(seriesBuffers))))
      );
      return {
        results: inInputOrder(answers, series.length),
        computeMs: Math.max(0, ...answers.map(({ response }) => response.computeMs)),
      };
    },
    async stats() {
      return Promise.all(remotes.map((remote) => remote.stats()));
    },
  };
  if (warmUpRounds === 0) {
    return client;
  }
  let idle = true;
  remotes.forEach((remote) => warmUpWhileIdle(remote, warmUpRounds, () => idle).catch(() => undefined));
  return beforeEachCall(client, () => (idle = false));
}

/**
 * Has a fresh worker score warm-up rounds one at a time while `idle` holds, so that the engine's code is compiled
 * when the first series arrive, and a request that comes meanwhile waits for one round at most.
 */
async function warmUpWhileIdle(remote: Remote<DetectorWorkerApi>, rounds: number, idle: () => boolean) {
  for (let round = 0; round < rounds && idle(); round++) {
    await remote.warmUp(round);
  }
}

/** The client with `hook` called before each of its calls. */
function beforeEachCall(client: DetectorClient, hook: () => void): DetectorClient {
  const methods = Object.entries(client).map(([name, method]: [string, (...args: unknown[]) => unknown]) => [
    name,
    (...args: unknown[]) => {
      hook();
      return method(...args);
    },
  ]);
  return Object.fromEntries(methods) as DetectorClient;
}

interface WorkerAnswer<R> {
  /** Positions in the caller's list of the items this worker answered, in its answer's order. */
  indices: number[];
  response: { results: R[]; computeMs: number };
}

/** Sends each worker its share of the items (by series key) and waits for every answer. */
async function acrossWorkers<I, A extends WorkerAnswer<unknown>['response']>(
  remotes: Array<Remote<DetectorWorkerApi>>,
  items: I[],
  seriesOf: (item: I) => Series,
  call: (remote: Remote<DetectorWorkerApi>, share: I[]) => Promise<A>
): Promise<Array<{ indices: number[]; response: A }>> {
  const shares = remotes.map(() => [] as number[]);
  items.forEach((item, index) => shares[workerFor(seriesOf(item), remotes.length)].push(index));
  const answers = await Promise.all(
    shares.map(async (indices, worker) =>
      indices.length === 0
        ? undefined
        : {
            indices,
            response: await call(
              remotes[worker],
              indices.map((index) => items[index])
            ),
          }
    )
  );
  return answers.filter((answer): answer is { indices: number[]; response: A } => answer !== undefined);
}

function inInputOrder<R>(answers: Array<WorkerAnswer<R>>, length: number): R[] {
  const results: R[] = new Array(length);
  for (const { indices, response } of answers) {
    indices.forEach((index, position) => (results[index] = response.results[position]));
  }
  return results;
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
