import { z } from 'zod';
import { createDetector, restoreDetector, scoreCausally } from '../engine';
import type { DetectionResult, Detector, DetectorState, TrainingListener } from '../engine/detection';
import { parseDetectorSpec, trainsNetwork, type DetectorSpec } from '../engine/detectorSpec';
import { parseDuration } from '../engine/duration';
import type { Forecast, ForecastModels } from '../engine/forecast/forecast';
import { forecastSeries } from '../engine/forecast/forecastSeries';
import { joinSeries, type JoinedSeries } from '../engine/multivariate/joinSeries';
import { MultivariateDetector } from '../engine/multivariate/multivariateDetector';
import { neuralBackendName, type NeuralBackendChoice, type NeuralBackendName } from '../engine/neural/tensorflow';
import { seriesKey } from '../engine/series';
import { fingerprintArray, fingerprintSeriesData } from './fingerprint';
import { LruCache } from './lruCache';
import {
  forecastRequestSchema,
  parseMessage,
  scoreMultivariateRequestSchema,
  previewRequestSchema,
  scoreCausallyRequestSchema,
  scoreRequestSchema,
  type AugursWasmUrls,
  type SeriesMessage,
} from './messages';
import { summarisePreview, type PreviewSummary } from './previewSummary';
import { copyResult } from './transfer';
import { warmUpSeries } from './warmUpSeries';

export interface SeriesScore {
  key: string;
  labels: Record<string, string>;
  result: DetectionResult;
  /** Multivariate detectors: each metric's share of each anomalous point's score (points x metrics). */
  contributions?: { metrics: string[]; shares: Float64Array };
  /** True when the detector was fitted on a separate history before scoring. */
  fittedOnHistory: boolean;
}

/**
 * Training progress: epoch `epoch` of at most `epochs`, on item `item` of `items`. A causal preview refits as its
 * points come in: there it also says how many points the current training uses.
 */
export interface FitProgress {
  item: number;
  items: number;
  epoch: number;
  epochs: number;
  heldOutLoss: number;
  trainingPoints?: number;
  /** The TF.js backend the network trains on. */
  backend: NeuralBackendName;
}

export interface ScoreResponse {
  results: SeriesScore[];
  computeMs: number;
  cacheHits: number;
}

export interface PreviewResponse {
  results: SeriesScore[];
  summary: PreviewSummary;
  computeMs: number;
}

export interface SeriesForecast {
  key: string;
  labels: Record<string, string>;
  /** Null when the series has too little data to forecast. */
  forecast: Forecast | null;
}

export interface ForecastResponse {
  results: SeriesForecast[];
  computeMs: number;
}

/** Starts the TF.js backend the neural kinds train on (once; later calls return the same choice). */
export type NeuralBackendStarter = () => Promise<NeuralBackendChoice>;

/** Loads the MSTL/ETS models on first need (augurs WebAssembly, from where the page says it is served). */
export type ForecastModelsLoader = (urls: AugursWasmUrls | undefined) => Promise<ForecastModels>;

export interface ServiceStats {
  cachedModels: number;
  cachedResults: number;
  /** Bytes of JS heap in use where the runtime reports it (Chromium), else null. */
  heapUsedBytes: number | null;
  /** The TF.js backend the neural kinds train on in this worker now. */
  neuralBackend: NeuralBackendName;
}

const MODEL_CACHE_SIZE = 1000;
const RESULT_CACHE_SIZE = 500;
const WARM_UP_SPEC = parseDetectorSpec({ id: 'warm-up', name: 'warm-up', query: 'warm-up' });

/**
 * What the worker does, without the worker: validates requests, fits and scores through the engine,
 * and caches fitted models per series (and causal results per unchanged data) between requests.
 */
export class DetectorService {
  private readonly models = new LruCache<string, DetectorState>(MODEL_CACHE_SIZE);
  private readonly causalResults = new LruCache<string, DetectionResult>(RESULT_CACHE_SIZE);

  constructor(
    private readonly loadForecastModels: ForecastModelsLoader = noForecastModels,
    private readonly startNeuralBackend: NeuralBackendStarter = selectedNeuralBackend
  ) {}

  /**
   * Before a request whose detector trains a network: starts the neural backend (asynchronous, so it cannot
   * wait until the engine's synchronous training begins). Other requests never load it.
   */
  async prepare(request: unknown): Promise<void> {
    const parsed = specKindSchema.safeParse(request);
    if (parsed.success && trainsNetwork(parsed.data.spec)) {
      await this.startNeuralBackend();
    }
  }

  score(request: unknown): ScoreResponse {
    const started = now();
    const { spec, items } = parseMessage(scoreRequestSchema, request, 'score');
    const specPrint = JSON.stringify(spec);
    let cacheHits = 0;
    const results = items.map(({ series, history }) => {
      const key = seriesKey(series.labels);
      const scored = history
        ? this.scoreAfterFit(spec, specPrint, key, history, series)
        : this.scoreCausallyCached(spec, specPrint, key, series);
      cacheHits += scored.cached ? 1 : 0;
      return { key, labels: series.labels, result: scored.result, fittedOnHistory: Boolean(history) };
    });
    return { results, computeMs: now() - started, cacheHits };
  }

  /**
   * `score` for items with history, training in small steps: after each epoch it reports progress and gives
   * the event loop a turn, so a long training neither blocks the worker nor leaves the user without news.
   */
  async scoreWithProgress(request: unknown, onProgress: (progress: FitProgress) => void): Promise<ScoreResponse> {
    const started = now();
    const { spec, items } = parseMessage(scoreRequestSchema, request, 'scoreWithProgress');
    const specPrint = JSON.stringify(spec);
    let cacheHits = 0;
    const results: SeriesScore[] = [];
    for (const [item, { series, history }] of items.entries()) {
      const key = seriesKey(series.labels);
      if (!history) {
        const scored = this.scoreCausallyCached(spec, specPrint, key, series);
        cacheHits += scored.cached ? 1 : 0;
        results.push({ key, labels: series.labels, result: scored.result, fittedOnHistory: false });
        continue;
      }
      const onTraining = progressListener(onProgress, item, items.length);
      const modelKey = fittedModelKey(key, specPrint, history);
      const state = this.models.get(modelKey);
      let detector: Detector;
      if (state) {
        detector = restoreDetector(spec, state);
        cacheHits++;
      } else {
        detector = createDetector(spec);
        if (detector.fitSteps) {
          for (const step of detector.fitSteps(history)) {
            onTraining(step, history.timestamps.length);
            await nextTurn();
          }
        } else {
          detector.fit(history);
        }
        this.models.set(modelKey, detector.toState());
      }
      // A history shorter than the kind's minFitPoints leaves the training to the refits while scoring.
      detector.observeTraining?.(onTraining);
      results.push({ key, labels: series.labels, result: detector.score(series), fittedOnHistory: true });
    }
    return { results, computeMs: now() - started, cacheHits };
  }

  scoreCausally(request: unknown): DetectionResult {
    const { spec, timestamps, values } = parseMessage(scoreCausallyRequestSchema, request, 'scoreCausally');
    return scoreCausally(spec, timestamps, values);
  }

  /** Causal scores of each series and their summary; `onProgress` hears each training epoch of the neural kinds. */
  preview(request: unknown, onProgress?: (progress: FitProgress) => void): PreviewResponse {
    const started = now();
    const { spec, series, labels } = parseMessage(previewRequestSchema, request, 'preview');
    const specPrint = JSON.stringify(spec);
    const results = series.map((one, item) => {
      const key = seriesKey(one.labels);
      const onTraining = onProgress ? progressListener(onProgress, item, series.length) : undefined;
      const { result } = this.scoreCausallyCached(spec, specPrint, key, one, onTraining);
      return { key, labels: one.labels, result, fittedOnHistory: false };
    });
    const summary = summarisePreview(results, labels ?? {});
    return { results, summary, computeMs: now() - started };
  }

  /**
   * A multivariate detector over the metrics' series, joined by the spec's `on` labels. A target is fitted on
   * its history when the request has enough of it (as `vigil detect` fits on the window before the one it
   * scores), else on the scored range itself. Targets lacking a metric are left out. A window network trains
   * one epoch per turn of the event loop, and `onProgress` hears each epoch.
   */
  async scoreMultivariate(request: unknown, onProgress?: (progress: FitProgress) => void): Promise<ScoreResponse> {
    const started = now();
    const { spec, metrics, history } = parseMessage(scoreMultivariateRequestSchema, request, 'scoreMultivariate');
    if (!spec.multivariate) {
      throw new Error(`detector ${spec.id}: multivariate: the spec has no multivariate block`);
    }
    const stepMs = parseDuration(spec.step)!;
    const { joined } = joinSeries(metrics, spec.multivariate.on, stepMs, spec.counter, history);
    const pasts = new Map(
      (history ? joinSeries(history, spec.multivariate.on, stepMs, spec.counter).joined : []).map((past) => [
        seriesKey(past.labels),
        past,
      ])
    );
    const results: SeriesScore[] = [];
    for (const [item, target] of joined.entries()) {
      const key = seriesKey(target.labels);
      const onTraining = onProgress ? progressListener(onProgress, item, joined.length) : undefined;
      const fittedOnPast = await fitOnHistory(spec, pasts.get(key), onTraining);
      const fittedOnHistory = fittedOnPast !== undefined;
      const detector = fittedOnPast ?? (await fitMultivariate(spec, target, onTraining));
      const { labels, metrics: names, contributions, ...detection } = detector.score(target);
      results.push({
        key,
        labels,
        result: detection,
        fittedOnHistory,
        contributions: { metrics: names, shares: contributions },
      });
    }
    return { results, computeMs: now() - started, cacheHits: 0 };
  }

  /** The spec's forecast for each series; MSTL and ETS wait for their models to load the first time. */
  async forecast(request: unknown): Promise<ForecastResponse> {
    const { spec, series, augursWasm } = parseMessage(forecastRequestSchema, request, 'forecast');
    if (!spec.forecast) {
      throw new Error(`detector ${spec.id}: forecast: the spec has no forecast block`);
    }
    const models = spec.forecast.method === 'seasonal' ? undefined : await this.loadForecastModels(augursWasm);
    const started = now();
    const results = series.map((one) => ({
      key: seriesKey(one.labels),
      labels: one.labels,
      forecast: forecastSeries(spec, one, models),
    }));
    return { results, computeMs: now() - started };
  }

  stats(): ServiceStats {
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return {
      cachedModels: this.models.size,
      cachedResults: this.causalResults.size,
      heapUsedBytes: memory ? memory.usedJSHeapSize : null,
      neuralBackend: neuralBackendName(),
    };
  }

  /**
   * Scores one round of the warm-up series, so that the engine's code is compiled before the first real request (a
   * fresh worker is otherwise several times slower on its first batch). The client sends rounds while it is idle.
   */
  warmUp(round: number): void {
    const { timestamps, values } = warmUpSeries(round);
    scoreCausally(WARM_UP_SPEC, timestamps, values);
  }

  clear(): void {
    this.models.clear();
    this.causalResults.clear();
  }

  private scoreAfterFit(
    spec: DetectorSpec,
    specPrint: string,
    key: string,
    history: SeriesMessage,
    series: SeriesMessage
  ): { result: DetectionResult; cached: boolean } {
    const modelKey = fittedModelKey(key, specPrint, history);
    const state = this.models.get(modelKey);
    if (state) {
      return { result: restoreDetector(spec, state).score(series), cached: true };
    }
    const detector = createDetector(spec);
    detector.fit(history);
    this.models.set(modelKey, detector.toState());
    return { result: detector.score(series), cached: false };
  }

  private scoreCausallyCached(
    spec: DetectorSpec,
    specPrint: string,
    key: string,
    series: SeriesMessage,
    onTraining?: TrainingListener
  ): { result: DetectionResult; cached: boolean } {
    const resultKey = `${key}|${specPrint}|${fingerprintArray(series.timestamps)}/${fingerprintArray(series.values)}`;
    const cached = this.causalResults.get(resultKey);
    if (cached) {
      return { result: copyResult(cached), cached: true };
    }
    const result = scoreCausally(spec, series.timestamps, series.values, onTraining);
    this.causalResults.set(resultKey, result);
    return { result: copyResult(result), cached: false };
  }
}

/** Just the part of a request `prepare` looks at; the request is validated in full where it is served. */
const specKindSchema = z.object({
  spec: z.object({ model: z.object({ kind: z.string() }).default({ kind: 'default' }) }),
});

/** Without a starter: whatever backend is selected (the engine's CPU backend unless the host switched). */
async function selectedNeuralBackend(): Promise<NeuralBackendChoice> {
  return { backend: neuralBackendName() };
}

function noForecastModels(): Promise<ForecastModels> {
  return Promise.reject(new Error('forecast: MSTL and ETS are not available here'));
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function now(): number {
  return performance.now();
}

/** A multivariate detector fitted on a target's history; undefined without history or with too little to fit on. */
async function fitOnHistory(
  spec: DetectorSpec,
  history: JoinedSeries | undefined,
  onTraining: TrainingListener | undefined
): Promise<MultivariateDetector | undefined> {
  if (!history) {
    return undefined;
  }
  try {
    return await fitMultivariate(spec, history, onTraining);
  } catch {
    return undefined;
  }
}

/** Fits a multivariate detector on `joined`, giving the event loop a turn after each training epoch. */
async function fitMultivariate(
  spec: DetectorSpec,
  joined: JoinedSeries,
  onTraining: TrainingListener | undefined
): Promise<MultivariateDetector> {
  const steps = MultivariateDetector.fitSteps(spec, joined);
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done) {
      return next.value;
    }
    onTraining?.(next.value, joined.timestamps.length);
    await nextTurn();
  }
}

/** The model cache's key for a series' detector fitted on `history` under one spec (`score` and `scoreWithProgress` share the cache). */
function fittedModelKey(key: string, specPrint: string, history: SeriesMessage): string {
  return `${key}|${specPrint}|${fingerprintSeriesData(history.timestamps, history.values)}`;
}

/** Reports each training epoch of item `item` of `items` as a FitProgress. */
function progressListener(onProgress: (progress: FitProgress) => void, item: number, items: number): TrainingListener {
  return (step, trainingPoints) =>
    onProgress({
      item,
      items,
      epoch: step.epoch,
      epochs: step.epochs,
      heldOutLoss: step.heldOutLoss,
      trainingPoints,
      backend: neuralBackendName(),
    });
}
