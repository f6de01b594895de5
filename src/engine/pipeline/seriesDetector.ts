import {
  type Detector,
  type DetectionResult,
  type DetectorState,
  type PointResult,
  type TrainingListener,
  unscoredPoint,
} from '../detection';
import { type DetectorSpec, valueUnit } from '../detectorSpec';
import { Adwin } from '../drift/adwin';
import { PageHinkley } from '../drift/pageHinkley';
import { clipZ, featureDims, writeFeatures } from '../features/features';
import { RecentWindow } from '../features/recentWindow';
import type { Series } from '../series';
import { calibrate } from './calibration';
import { bandScore, type PipelineConfig } from './config';
import { explain } from './explain';
import { runToEnd } from '../neural/runToEnd';
import { CounterReading } from '../preprocess/counterReading';
import type { TrainingProgress } from '../neural/trainNetwork';
import { type FittedModel, fitModelSteps } from './fitModel';
import { History } from './history';
import { scorePoints } from './scorePoints';
import { emptyMeasures, measurePoint } from './pointContext';
import { type StreamCounters, detectorStateFrom } from './state';

/** Drift streams are standardised and clipped, so a single spike cannot look like a shift. */
const DRIFT_CLIP = 5;
const TWO_DAYS_MS = 2 * 86_400_000;
/** History is kept in steps this much finer than the noise floor: rounding adds noise of floor/28 sd at most. */
const HISTORY_QUANTA_PER_FLOOR = 8;
/** While history grows, refit each time it has grown this many times over (or filled up). */
const GROWTH_REFIT_FACTOR = 4;

/**
 * The detector pipeline. Every point goes through `step`: measure it against the past (rolling
 * window, seasonal profile), build its features, score it with the fitted model, flag, explain,
 * feed the drift test, then learn it. Batch scoring is the same loop, so batch and stream agree,
 * and every score is causal. Refits happen between points: when enough history has come in (the
 * first fit, then each time it has grown fourfold or filled the training window, then every
 * quarter of the training window), and on the post-drift window after a drift.
 */
export class SeriesDetector implements Detector {
  model: FittedModel | null = null;
  window: RecentWindow;
  drift: Adwin | PageHinkley | null;
  history: History;
  counters: StreamCounters = { seen: 0, sinceFit: 0, driftAt: -1 };
  /** With `counter: true`, the last raw sample (the next rate is taken from it). */
  counterReading = new CounterReading();
  private readonly dims: number;
  private readonly row: Float64Array;
  private readonly measures = emptyMeasures();
  private readonly point = { timestamp: 0, value: 0, diff: 0, rollingZ: 0, residualZ: 0 };
  private trainingListener: TrainingListener | null = null;

  constructor(
    readonly spec: DetectorSpec,
    readonly config: PipelineConfig
  ) {
    this.window = new RecentWindow(config.window);
    this.history = new History(config.historyCapacity);
    this.drift = this.newDriftTest();
    this.dims = featureDims(config.features);
    this.row = new Float64Array(this.dims);
  }

  private newDriftTest(): Adwin | PageHinkley | null {
    if (!this.config.drift.enabled) {
      return null;
    }
    return this.config.drift.method === 'adwin'
      ? new Adwin(this.config.drift.params)
      : new PageHinkley(this.config.drift.params);
  }

  fit(history: Series): void {
    runToEnd(this.fitSteps(history));
  }

  /** `fit` in small steps (one training epoch each for the neural kinds), for hosts that interleave work. */
  *fitSteps(history: Series): Generator<TrainingProgress, void> {
    this.model = null;
    this.window = new RecentWindow(this.config.window);
    this.history.clear();
    this.drift = this.newDriftTest();
    this.counters = { seen: 0, sinceFit: 0, driftAt: -1 };
    this.counterReading = new CounterReading();
    const { timestamps, values } = history;
    for (let i = 0; i < timestamps.length; i++) {
      const x = this.measure(timestamps[i], values[i]);
      if (Number.isFinite(x) && Number.isFinite(timestamps[i])) {
        this.window.push(x);
        this.history.push(timestamps[i], x);
        this.counters.seen++;
      }
    }
    yield* this.refitSteps(this.history.length);
  }

  score(series: Series): DetectionResult {
    return scorePoints(series, this.config.threshold, (timestamp, value, index) => this.step(timestamp, value, index));
  }

  update(timestamp: number, value: number): PointResult {
    return this.step(timestamp, value, this.counters.seen);
  }

  toState(): DetectorState {
    return detectorStateFrom(this);
  }

  observeTraining(listener: TrainingListener): void {
    this.trainingListener = listener;
  }

  /** The value the detector scores: the raw sample, or a counter's per-second rate. */
  private measure(timestamp: number, raw: number): number {
    return this.config.counter ? this.counterReading.rate(timestamp, raw) : raw;
  }

  private step(timestamp: number, raw: number, index: number): PointResult {
    const x = this.measure(timestamp, raw);
    const { config, model, measures } = this;
    const result = unscoredPoint(timestamp, x);
    if (!Number.isFinite(x) || !Number.isFinite(timestamp)) {
      return result;
    }
    measurePoint(
      this.window,
      model?.levelWindow ?? null,
      model?.profile ?? null,
      model?.floor ?? 0,
      timestamp,
      x,
      measures
    );
    result.expected = measures.expected;
    const halfWidth = config.bandSigma * measures.scale;
    result.lower = measures.expected - halfWidth;
    result.upper = measures.expected + halfWidth;
    if (model) {
      const band = bandScore(clipZ(measures.residualZ));
      const raw = this.modelScore(model, timestamp, x, band);
      let score = config.model === 'seasonal_baseline' ? band : calibrate(model.calibration, raw);
      if (config.withBand && band > score) {
        score = band;
      }
      // A model fitted on a few dozen points knows little of what is normal: its scores are damped
      // until it has seen four rolling windows.
      score *= Math.min(1, model.trainedOn / (4 * config.window));
      result.score = score >= 0 && score <= 1 ? score : 0;
      result.anomaly = result.score >= config.threshold;
      if (result.anomaly) {
        result.explanation = explain({
          timestamp,
          value: x,
          expected: measures.expected,
          residualZ: measures.residualZ,
          diff: measures.diff,
          diffScale: model.diffScale,
          rollingZ: measures.rollingZ,
          rollingMean: measures.rollingMean,
          period: model.profile?.period ?? null,
          window: config.window,
          score: result.score,
          unit: valueUnit(this.spec),
        });
      }
      if (this.drift && this.driftWatchable(model) && this.drift.update(this.driftInput(model, x, raw))) {
        result.drift = { index, timestamp, method: config.drift.method, stream: config.drift.stream };
        this.counters.driftAt = this.counters.seen;
      }
    }
    this.window.push(x);
    model?.levelWindow?.push(x - measures.seasonal);
    this.history.push(timestamp, x);
    this.counters.seen++;
    this.counters.sinceFit++;
    this.maybeRefit();
    return result;
  }

  /** The model's own score for the point (before calibration); learns the point for streaming models. */
  private modelScore(model: FittedModel, timestamp: number, x: number, band: number): number {
    if (!model.forest && !model.hst && !model.neural) {
      return band;
    }
    const { point, measures } = this;
    point.timestamp = timestamp;
    point.value = x;
    point.diff = measures.diff;
    point.rollingZ = measures.rollingZ;
    point.residualZ = measures.residualZ;
    writeFeatures(this.config.features, point, this.row, 0);
    if (model.forest) {
      return model.forest.scoreOne(this.row, 0);
    }
    if (model.neural) {
      return model.neural.scoreAndLearn(this.row, 0);
    }
    return model.hst!.scoreAndLearn(this.row, 0);
  }

  /**
   * Drift is watched only once the model has seen enough to know what normal is: two days (or the
   * whole history capacity), so a daily season can be learned first, or 4 windows without seasonality.
   * Before that, "drift" would mostly be the season the model has not learned yet.
   */
  private driftWatchable(model: FittedModel): boolean {
    const { config } = this;
    const needed =
      config.seasonality === 'none'
        ? 4 * config.window
        : Math.min(config.historyCapacity, Math.ceil(TWO_DAYS_MS / config.stepMs));
    return model.trainedOn >= needed;
  }

  private driftInput(model: FittedModel, x: number, raw: number): number {
    let z: number;
    switch (this.config.drift.stream) {
      case 'value':
        z = (x - model.valueCenter) / model.valueScale;
        break;
      case 'residual':
        z = this.measures.residualZ;
        break;
      case 'score':
        z = (raw - model.calibration.mean) / model.calibration.std;
        break;
    }
    return z !== z ? 0 : z > DRIFT_CLIP ? DRIFT_CLIP : z < -DRIFT_CLIP ? -DRIFT_CLIP : z;
  }

  private maybeRefit(): void {
    const { config, counters, history } = this;
    const postDrift = Math.max(2 * config.minFitPoints, config.window);
    if (counters.driftAt >= 0) {
      const sinceDrift = counters.seen - counters.driftAt;
      if (sinceDrift >= postDrift) {
        history.keepLast(sinceDrift);
        counters.driftAt = -1;
        this.refit(history.length);
      }
      return;
    }
    const trainedOn = this.model?.trainedOn ?? 0;
    if (!this.model) {
      if (history.length >= config.minFitPoints) {
        this.refit(history.length);
      }
    } else if (
      trainedOn < config.historyCapacity &&
      history.length >= Math.min(GROWTH_REFIT_FACTOR * trainedOn, config.historyCapacity)
    ) {
      this.refit(history.length);
    } else if (
      history.length >= Math.min(trainedOn, config.historyCapacity) &&
      counters.sinceFit >= config.refitEvery
    ) {
      this.refit(history.length);
    }
  }

  private refit(count: number): void {
    const listener = this.trainingListener;
    if (!listener) {
      runToEnd(this.refitSteps(count));
      return;
    }
    for (const step of this.refitSteps(count)) {
      listener(step, count);
    }
  }

  private *refitSteps(count: number): Generator<TrainingProgress, void> {
    if (count < this.config.minFitPoints) {
      this.model = null;
      return;
    }
    const { timestamps, values } = this.history.tail(count);
    this.model = yield* fitModelSteps(this.config, timestamps, values, this.model?.profile ?? null);
    this.history.quantise(this.model.floor / HISTORY_QUANTA_PER_FLOOR);
    this.counters.sinceFit = 0;
    // The drift test watches standardised input; a new model changes the standardisation.
    this.drift = this.newDriftTest();
  }
}
