import { z } from 'zod';
import {
  type Detector,
  type DetectionResult,
  type DetectorState,
  type DriftEvent,
  type PointResult,
  unscoredPoint,
} from '../detection';
import { DetectorSpec, valueUnit } from '../detectorSpec';
import { parseSpecParams } from '../specParams';
import { Adwin } from '../drift/adwin';
import { defaultParamsSchema } from './defaultParams';
import { driftParamsSchemas } from '../drift/driftParams';
import { PageHinkley } from '../drift/pageHinkley';
import { thresholdFor } from '../pipeline/config';
import { learnPoints, scorePoints } from '../pipeline/scorePoints';
import { StateError } from '../pipeline/state';
import { CounterReading, counterReadingStateSchema } from '../preprocess/counterReading';
import type { Series } from '../series';
import {
  DEFAULT_SCORER_PARAMS,
  DefaultScorer,
  DefaultScorerParams,
  MAX_MODELLED_MAGNITUDE,
  PREDICTORS,
  ScorerOutput,
  defaultScorerStateSchema,
  digitsFromScore,
  scoreFromDigits,
} from './defaultScorer';
import { exactNumberSchema, toExactNumber } from './exactNumber';
import { LogDropTest, logDropStateSchema } from './logDropTest';
import { LogShiftTest, logShiftStateSchema } from './logShiftTest';
import { StepDigits, stepDigitsStateSchema } from './stepDigits';
import { ValueResolution, valueResolutionStateSchema } from './valueResolution';
import { ROUTINE_MEMORY_DAYS, RoutineTail, routineTailStateSchema } from './routineTail';
import { DAY_MS } from '../seasonal/period';
import {
  EXCURSION_MEMORY_WINDOWS,
  ExcursionLength,
  excursionHoldSd,
  excursionLengthStateSchema,
} from './excursionLength';
import { surpriseDigits } from './tailProbability';
import { formatNumber } from '../util/formatNumber';
import {
  DEFAULT_THRESHOLD_METHOD,
  SurpriseTail,
  riskFor,
  surpriseTailStateSchema,
  tailParams,
} from '../threshold/surpriseTail';

export const DEFAULT_DETECTOR_STATE_VERSION = 22;

function parseParams(spec: DetectorSpec): z.infer<typeof defaultParamsSchema> {
  return parseSpecParams(spec, 'model', defaultParamsSchema);
}

/** The scorer parameters for a spec: defaults, the spec's seasonality, then `model.params` overrides. */
export function defaultScorerParams(spec: DetectorSpec): DefaultScorerParams {
  return scorerParams(spec, parseParams(spec));
}

function scorerParams(spec: DetectorSpec, options: z.infer<typeof defaultParamsSchema>): DefaultScorerParams {
  const {
    refitOnDrift: _refit,
    threshold: _threshold,
    learnRoutine: _routine,
    routineDays: _routineDays,
    durationTest: _duration,
    logShift: _logShift,
    logDrop: _logDrop,
    surprisePerTime: _perTime,
    resolutionFloor: _resolution,
    ...overrides
  } = options;
  const seasonality =
    spec.seasonality === 'none' ? { seasonSlots: 0 } : spec.seasonality === 'weekly' ? { weekly: true } : {};
  return { ...DEFAULT_SCORER_PARAMS, ...seasonality, ...overrides };
}

/** The |z| at which a single value's surprise reaches `target` digits: the half-width of the expected band. */
function bandSigma(target: number): number {
  let low = 0;
  let high = 100;
  for (let k = 0; k < 60; k++) {
    const mid = (low + high) / 2;
    if (surpriseDigits(mid) < target) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return high;
}

interface DriftTest {
  update(value: number): boolean;
  toState(): unknown;
}

/** Everything the scorer and the drift test cannot recompute: a few hundred numbers, however long the history. */
const stateSchema = z.object({
  version: z.literal(DEFAULT_DETECTOR_STATE_VERSION),
  kind: z.literal('default'),
  scorer: defaultScorerStateSchema,
  drift: z.unknown().nullable(),
  index: z.number().int().nonnegative(),
  blockSum: exactNumberSchema,
  blockCount: z.number().int().nonnegative(),
  /** The range of the values seen and the decimals they are written with. */
  resolution: valueResolutionStateSchema,
  /** With `counter: true`, the last raw sample and its time (the next rate is taken from it). */
  lastRaw: counterReadingStateSchema.optional(),
  /** With `threshold: spot|dspot`, the series' learned tail of surprise (absent before it existed: learned afresh). */
  tail: surpriseTailStateSchema.nullable().optional(),
  /** Unless `learnRoutine: false`, the series' own tails of residuals and of shifts (absent: learned afresh). */
  routine: routineTailStateSchema.nullable().optional(),
  shiftRoutine: routineTailStateSchema.nullable().optional(),
  /** With the duration test, the excursions under way and the series' law of their lengths. */
  excursions: excursionLengthStateSchema.nullable().optional(),
  /** With the log-scale shift test, its residuals, shifts and routine tail. */
  logShift: logShiftStateSchema.nullable().optional(),
  /** With the log-scale drop test, its residuals, their spread below the mean and its routine tail. */
  logDrop: logDropStateSchema.nullable().optional(),
  /** Unless `surprisePerTime: false`, the series' step as far as it is learned. */
  stepDigits: stepDigitsStateSchema.nullable().optional(),
});

/** Significant digits of the values the explanations quote (2506, 783.2, 0.7194, 1.100e+16). */
const DIGITS = 4;

/**
 * Vigil's recommended detector (model kind `default`): DefaultScorer behind the engine's Detector contract,
 * with drift detection on the spec's stream and a refit of the residual distributions when drift is found.
 */
export class DefaultDetector implements Detector {
  private readonly scorer: DefaultScorer;
  private readonly driftTest: DriftTest | null;
  private readonly threshold: number;
  private readonly tail: SurpriseTail | null;
  private readonly routine: RoutineTail | null;
  private readonly shiftRoutine: RoutineTail | null;
  private readonly excursions: ExcursionLength | null;
  private readonly logShift: LogShiftTest | null;
  private readonly logDrop: LogDropTest | null;
  private readonly stepDigits: StepDigits | null;
  /** The alert threshold in digits, and the band's half-width in sd at the step digits it was last taken for. */
  private readonly thresholdDigits: number;
  private sigma: number;
  private sigmaStepDigits = 0;
  private readonly refitOnDrift: boolean;
  private index: number;
  private blockSum: number;
  private blockCount: number;
  /** The values' range (the band never crosses zero where the series never has) and their decimals. */
  private readonly resolution: ValueResolution;
  private readonly counter: CounterReading;
  private readonly point: PointResult = unscoredPoint(NaN, NaN);

  constructor(
    readonly spec: DetectorSpec,
    state?: z.output<typeof stateSchema>
  ) {
    const options = parseParams(spec);
    const params = scorerParams(spec, options);
    const method = options.threshold ?? DEFAULT_THRESHOLD_METHOD;
    const tail =
      method === 'score' ? null : new SurpriseTail(tailParams(method, spec.sensitivity), state?.tail ?? undefined);
    this.tail = tail;
    // With a learned tail the score is that tail's surprise: it reaches the threshold exactly at z_q (risk q).
    this.threshold = tail ? scoreFromDigits(-Math.log10(riskFor(spec.sensitivity))) : thresholdFor(spec.sensitivity);
    this.thresholdDigits = digitsFromScore(thresholdFor(spec.sensitivity));
    this.sigma = bandSigma(this.thresholdDigits);
    this.refitOnDrift = options.refitOnDrift ?? false;
    // A learned tail of the surprise (spot, dspot) already makes the series' routine unsurprising: not both by default.
    const { learnRoutine = method === 'score', routineDays = ROUTINE_MEMORY_DAYS } = options;
    this.routine = learnRoutine ? new RoutineTail(routineDays * DAY_MS, state?.routine ?? undefined) : null;
    this.shiftRoutine = learnRoutine ? new RoutineTail(routineDays * DAY_MS, state?.shiftRoutine ?? undefined) : null;
    this.excursions =
      // Not by default with a learned tail: its scores are on that tail's scale, and SPOT lost 1.1 points with it.
      (options.durationTest ?? method === 'score')
        ? new ExcursionLength(
            EXCURSION_MEMORY_WINDOWS * params.window,
            digitsFromScore(thresholdFor(spec.sensitivity)),
            state?.excursions ?? undefined
          )
        : null;
    this.logShift =
      (options.logShift ?? method === 'score')
        ? new LogShiftTest(
            params.window,
            params.shortWindow,
            params.warmup,
            routineDays * DAY_MS,
            state?.logShift ?? undefined
          )
        : null;
    this.logDrop =
      (options.logDrop ?? method === 'score')
        ? new LogDropTest(params.window, params.warmup, routineDays * DAY_MS, state?.logDrop ?? undefined)
        : null;
    this.stepDigits =
      (options.surprisePerTime ?? method === 'score') ? new StepDigits(state?.stepDigits ?? undefined) : null;
    this.resolution = new ValueResolution(state?.resolution);
    this.scorer = new DefaultScorer(params, state?.scorer, {
      tail: tail ? (digits) => tail.surprise(digits) : null,
      routine: this.routine,
      shiftRoutine: this.shiftRoutine,
      excursions: this.excursions,
      logShift: this.logShift,
      logDrop: this.logDrop,
      stepDigits: this.stepDigits,
      resolution: (options.resolutionFloor ?? method === 'score') ? this.resolution : null,
    });
    this.index = state?.index ?? 0;
    this.blockSum = state?.blockSum ?? 0;
    this.blockCount = state?.blockCount ?? 0;
    this.counter = new CounterReading(state?.lastRaw);
    if (!spec.drift.enabled) {
      this.driftTest = null;
    } else if (spec.drift.method === 'adwin') {
      // ADWIN's window is capped at the detector's memory (in blocks), so its state stops growing with it.
      const maxWidth = Math.ceil(params.window / Math.max(1, params.shortWindow));
      const options = parseSpecParams(spec, 'drift', driftParamsSchemas.adwin);
      this.driftTest = state?.drift ? Adwin.fromState(state.drift) : new Adwin({ ...options, maxWidth });
    } else {
      const options = parseSpecParams(spec, 'drift', driftParamsSchemas.page_hinkley);
      this.driftTest = state?.drift ? PageHinkley.fromState(state.drift) : new PageHinkley(options);
    }
  }

  fit(history: Series): void {
    learnPoints(history, (timestamp, value) => this.step(timestamp, value));
  }

  score(series: Series): DetectionResult {
    return scorePoints(series, this.threshold, (timestamp, value) => this.step(timestamp, value));
  }

  /** Scores one sample; with `counter: true` the value scored (the result's value, band, explanation) is its rate. */
  update(timestamp: number, value: number): PointResult {
    return { ...this.step(timestamp, value) };
  }

  /** update's work, into one result object reused from row to row (a batch copies each row out at once). */
  private step(timestamp: number, value: number): PointResult {
    const measured = this.spec.counter ? this.rate(timestamp, value) : value;
    const output = this.scorer.update(timestamp, measured);
    const score = Math.min(1, Math.max(0, output.score));
    const anomaly = score >= this.threshold;
    // What the scorer skips (missing values, and values beyond the modelled magnitude) teaches nothing here either.
    const modelled = Number.isFinite(measured) && Math.abs(measured) <= MAX_MODELLED_MAGNITUDE;
    const drift = modelled ? this.checkDrift(timestamp, measured, output) : null;
    this.index++;
    const hasBand = Number.isFinite(output.expected) && Number.isFinite(output.bandSpread);
    if (modelled) {
      this.resolution.learn(measured, value);
    }
    const point = this.point;
    point.timestamp = timestamp;
    point.value = measured;
    point.score = score;
    point.anomaly = anomaly;
    point.expected = hasBand ? output.expected : NaN;
    // To a thousandth of a digit, so that irregular steps do not search for the band's width on every row.
    const stepDigits = Math.round(output.stepDigits * 1000) / 1000;
    if (hasBand && stepDigits !== this.sigmaStepDigits) {
      this.sigmaStepDigits = stepDigits;
      this.sigma = bandSigma(this.thresholdDigits - stepDigits);
    }
    point.lower = hasBand ? this.bandEdge(output.expected - this.sigma * output.bandSpread * output.belowFactor) : NaN;
    point.upper = hasBand ? this.bandEdge(output.expected + this.sigma * output.bandSpread * output.aboveFactor) : NaN;
    point.explanation = anomaly ? this.explain(measured, output) : null;
    point.drift = drift;
    return point;
  }

  toState(): DetectorState {
    return {
      version: DEFAULT_DETECTOR_STATE_VERSION,
      kind: 'default',
      scorer: this.scorer.toState(),
      drift: this.driftTest ? this.driftTest.toState() : null,
      index: this.index,
      blockSum: toExactNumber(this.blockSum),
      blockCount: this.blockCount,
      resolution: this.resolution.toState(),
      tail: this.tail ? this.tail.toState() : null,
      ...(this.routine ? { routine: this.routine.toState() } : {}),
      ...(this.shiftRoutine ? { shiftRoutine: this.shiftRoutine.toState() } : {}),
      ...(this.excursions ? { excursions: this.excursions.toState() } : {}),
      ...(this.logShift ? { logShift: this.logShift.toState() } : {}),
      ...(this.logDrop ? { logDrop: this.logDrop.toState() } : {}),
      ...(this.stepDigits ? { stepDigits: this.stepDigits.toState() } : {}),
      ...(this.spec.counter ? { lastRaw: this.counter.toState() } : {}),
    };
  }

  /** Rebuilds a detector from toState()'s output; throws StateError when the state is not a default detector's. */
  static restore(spec: DetectorSpec, state: unknown): DefaultDetector {
    const parsed = stateSchema.safeParse(state);
    if (!parsed.success) {
      throw new StateError(
        `not a state of the default detector (version ${DEFAULT_DETECTOR_STATE_VERSION}): ${parsed.error.issues[0].message}`
      );
    }
    try {
      return new DefaultDetector(spec, parsed.data);
    } catch (error) {
      throw new StateError(
        `state of the default detector does not fit detector ${spec.id}: ${error instanceof Error ? error.message : String(error)}`
      );
    }
  }

  /**
   * Feeds the drift test one value per block of `shortWindow` rows: the block's mean of the chosen stream, clipped
   * to +-3. Row-level residuals are autocorrelated, which ADWIN and Page-Hinkley read as drift; block means much less.
   */
  private checkDrift(timestamp: number, value: number, output: ScorerOutput): DriftEvent | null {
    // Residuals are not comparable until the predictors have settled: start the drift test after ten warm-ups.
    if (!this.driftTest || output.predictor === null || this.index < 10 * this.scorer.params.warmup) {
      return null;
    }
    const stream = this.spec.drift.stream;
    const observed = stream === 'score' ? output.score : stream === 'residual' ? output.z : output.valueZ;
    this.blockSum += Math.max(-3, Math.min(3, observed));
    this.blockCount++;
    if (this.blockCount < Math.max(1, this.scorer.params.shortWindow)) {
      return null;
    }
    const mean = this.blockSum / this.blockCount;
    this.blockSum = 0;
    this.blockCount = 0;
    if (!this.driftTest.update(mean)) {
      return null;
    }
    if (this.refitOnDrift) {
      this.scorer.refit();
    }
    return { index: this.index, timestamp, method: this.spec.drift.method, stream };
  }

  /** A counter's per-second rate since its previous sample; one count over the interval is its unit of resolution. */
  private rate(timestamp: number, raw: number): number {
    const rate = this.counter.rate(timestamp, raw);
    if (Number.isFinite(rate)) {
      this.resolution.unitScale = 1000 / this.counter.intervalMs;
    }
    return rate;
  }

  /** A band edge kept on the side of zero where every value seen so far lies (a rate is never drawn below 0). */
  private bandEdge(edge: number): number {
    if (this.resolution.lowest >= 0) {
      return Math.max(0, edge);
    }
    return this.resolution.highest <= 0 ? Math.min(0, edge) : edge;
  }

  private explain(value: number, output: ScorerOutput): string {
    const basis = output.predictor ?? 'recent values';
    const shown = (x: number) => `${formatNumber(x, DIGITS)}${valueUnit(this.spec)}`;
    if (output.reason === 'range') {
      return `${shown(value)} is beyond what the detector can model (magnitude above ${formatNumber(MAX_MODELLED_MAGNITUDE, DIGITS)}; the expected was ${shown(output.expected)})`;
    }
    if (output.reason === 'shift') {
      const direction = output.shiftZ > 0 ? 'above' : 'below';
      return `sustained shift: the last ${this.scorer.params.shortWindow} points sit ${Math.abs(output.shiftZ).toFixed(1)} sd ${direction} their usual level (vs the ${basis})`;
    }
    if (output.reason === 'logShift') {
      const direction = output.shiftZ > 0 ? 'above' : 'below';
      const reference = output.shiftReference < output.expected ? PREDICTORS[0] : basis;
      return `sustained shift: the last ${this.scorer.params.shortWindow} points sit ${Math.abs(output.shiftZ).toFixed(1)} sd ${direction} their usual level on a log scale (vs the ${reference})`;
    }
    if (output.reason === 'logDrop') {
      const percent = (100 * value) / output.dropReference;
      const reference = output.dropReference < output.expected ? PREDICTORS[1] : basis;
      return `${shown(value)} is ${percent < 1 ? percent.toPrecision(1) : percent.toFixed(0)}% of the expected ${shown(output.dropReference)}: ${Math.abs(output.dropZ).toFixed(1)} sd below it on a log scale, further than this series falls (${reference})`;
    }
    if (output.reason === 'duration') {
      const direction = output.below ? 'below' : 'above';
      return `sustained for ${output.excursionRows} points: ${shown(value)} and the values before it stay more than ${excursionHoldSd(output.below ? -1 : 1)} sd ${direction} ${shown(output.excursionReference)}, what was expected before it began, longer than this series usually does (${basis})`;
    }
    const direction = output.z > 0 ? 'above' : 'below';
    return `${shown(value)} is ${Math.abs(output.z).toFixed(1)} sd ${direction} the expected ${shown(output.expected)} (${basis})`;
  }
}

/** Scores a whole series causally with the default detector: row i's score uses rows 0..i only. */
export function scoreWithDefault(spec: DetectorSpec, timestamps: Float64Array, values: Float64Array): DetectionResult {
  return new DefaultDetector(spec).score({ labels: {}, timestamps, values });
}
