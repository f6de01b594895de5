import { z } from 'zod';
import { exactNumberSchema, toExactNumber } from './exactNumber';
import { SeasonalProfile, seasonalProfileStateSchema } from './seasonalProfile';
import { DAY_MS, MINUTE_MS, WEEK_MS } from '../seasonal/period';
import { assertParamsMatch } from '../util/paramMismatch';
import { surpriseDigits } from './tailProbability';
import type { LogDropTest } from './logDropTest';
import type { LogShiftTest } from './logShiftTest';
import { logRatio } from './logRatio';
import { MIN_SHIFT_SPREAD, meanShift } from './meanShift';
import type { RoutineTail } from './routineTail';
import type { ExcursionLength, ShapeAt } from './excursionLength';
import type { StepDigits } from './stepDigits';
import type { ValueResolution } from './valueResolution';
import { DecayingStats, decayingStatsStateSchema } from './decayingStats';
import { WindowStats, windowStatsStateSchema } from './windowStats';
import { SidedDamping, sidedDampingStateSchema } from './sidedDamping';
import { LevelSpread, levelSpreadStateSchema } from './levelSpread';

/**
 * The few knobs of the default detector. The values below are round, principled choices (see
 * docs/default-detector.md); the score is not sensitive to them within a factor of two.
 */
export interface DefaultScorerParams {
  /** Memory, in rows, of every running distribution (values, residuals, short-term means). */
  window: number;
  /** Rows averaged into the short-term residual mean that catches sustained shifts. */
  shortWindow: number;
  /** Rows scored 0 at the start while the distributions fill. */
  warmup: number;
  /** Half-life, in rows, of the fast-moving level predictor. */
  levelHalfLife: number;
  /** Time-of-day slots of the seasonal predictor; 0 turns it off. */
  seasonSlots: number;
  /** Weight of a new value in its slot's seasonal mean. */
  seasonAlpha: number;
  /** Samples a slot needs before it predicts. */
  seasonMinSamples: number;
  /**
   * Also keep a time-of-week profile (seasonSlots x 7 slots) as a fourth predictor. Off by default: where it fits
   * best its residual spread is tiny, and the blur of a sharp weekday/weekend step then alerts at every transition.
   */
  weekly: boolean;
  /** A score is passed on in full only when it beats every score of the last `refractory` rows... */
  refractory: number;
  /** ...as far as they are within this many minutes before it... */
  refractoryMinutes: number;
  /** ...otherwise it is multiplied by this. */
  damping: number;
}

export const DEFAULT_SCORER_PARAMS: DefaultScorerParams = {
  window: 4000,
  shortWindow: 10,
  warmup: 30,
  levelHalfLife: 50,
  seasonSlots: 48,
  seasonAlpha: 0.1,
  seasonMinSamples: 3,
  weekly: false,
  refractory: 100,
  refractoryMinutes: 500,
  damping: 0.5,
};

/**
 * The params as one object literal of every field. V8 gives objects built by spreading (as the detectors build theirs)
 * another hidden class after a dozen detectors, and the per-row code optimised for the first class was then discarded
 * and compiled again (docs/benchmark-history.md, "Compiled once").
 */
function withFixedShape(p: DefaultScorerParams): DefaultScorerParams {
  return {
    window: p.window,
    shortWindow: p.shortWindow,
    warmup: p.warmup,
    levelHalfLife: p.levelHalfLife,
    seasonSlots: p.seasonSlots,
    seasonAlpha: p.seasonAlpha,
    seasonMinSamples: p.seasonMinSamples,
    weekly: p.weekly,
    refractory: p.refractory,
    refractoryMinutes: p.refractoryMinutes,
    damping: p.damping,
  };
}

/** A weekly profile predicts only after two weeks: one week cannot tell a weekly pattern from a one-off. */
const WEEKLY_MIN_HISTORY_MS = 2 * WEEK_MS;
/**
 * Values beyond this magnitude are flagged and never learned: their squares would overflow the running variances
 * (to Infinity, then NaN), and the detector would score nothing from then on.
 */
export const MAX_MODELLED_MAGNITUDE = 1e100;

/**
 * A spread below this share of the series' scale (with 1e-6 of the prediction, for a residual spread) is rounding
 * noise, not a distribution: a flat line's spread is floored there, so its rounding errors are not certainties.
 */
const NUMERIC_FLOOR = 1e-9;

/** Residuals beyond this many standard deviations are clipped before they shape the band's spread. */
const BAND_CLIP_SD = 4;

/**
 * A value beyond this many standard deviations of a predictor's residuals teaches the fast level and the profiles
 * only as much as one this far out: one spike no longer bends the level for hours or a profile slot for days. A
 * lasting change still moves them, by up to this much per row (cross-validated: docs/default-detector-history.md).
 */
const LEARN_CLIP_SD = 6;

/**
 * The digits a row gains from its step (StepDigits) count in full for a surprise of this many digits (a tail
 * probability of 0.1) and beyond, and in proportion below it, so an unremarkable row scores near 0 at any step. From
 * 3 digits on, the cross-validated score on the cloud monitoring corpus was 5.5 points lower: its folds choose
 * cut-offs of about 0.4, where the gain then was not full.
 */
const STEP_DIGITS_FROM = 1;

/**
 * Where most of a predictor's residual variance lies above its mean (bursts, spikes, a heavy right tail: rates,
 * latencies, counts), its spread is split into a narrower lower and a wider upper one, by the share of the variance
 * below the mean, floored at this: the factors stay within [0.71, 1.22]. Residuals skewed the other way, or
 * symmetric ones, keep one spread (splitting those lowered the cross-validated NAB score).
 */
const MIN_BELOW_SHARE = 0.25;

/**
 * Where residuals are at least this skewed upwards (as skewed as log-normal noise of about 25%: 0.42 at 20%, 0.38 at
 * 30%), their rises are also judged on the log scale, single values and sustained shifts alike (the routine of rises,
 * and the log-scale shift test as a bound): a latency with spikes of many times its level is that skewed, but not as
 * far as MIN_BELOW_SHARE between one large spike and the next. 0.45 gave the same cross-validated scores and synthetic
 * alerts; every positive series (1) cost realTweets 2.8 points (docs/default-detector-history.md).
 */
const RISE_BELOW_SHARE = 0.4;

/*
 * The lower spread is also narrowed where the expected level is below its usual, as far as the predictor's residual
 * spread is learned to scale with its level (LevelSpread): a drop at the day's lowest load is judged against the
 * spread of that load, not of the busy day. Only the lower side, and only narrower: a drop is bounded by the level
 * (an outage at a low level is a small absolute drop that only a level-scaled spread can see), while at a high level
 * an outage is a large drop anyway; bursts above are unbounded, and narrowing the upper spread at night alerted on
 * routine ones (cross-validated with the other choices in docs/default-detector-history.md).
 */

/**
 * Re-learning a spread that changed for good. Each predictor weighs, row by row and for each side, the evidence
 * that its residuals fall beyond EXCEED_SD standard deviations on that side at CHANGED_RATE rather than USUAL_RATE
 * (a CUSUM of the log-likelihood ratio). A wider spread shows on both sides; a level shift or a run of spikes on one,
 * and is left to the predictors. Once both sides hold RELEARN_EVIDENCE, the predictor's residual distributions are
 * replaced by those of its last RELEARN_MEMORY rows, which then grow their memory again.
 */
const EXCEED_SD = 3;
const USUAL_RATE = 0.005;
const CHANGED_RATE = 0.15;
const EXCEED_EVIDENCE = Math.log(CHANGED_RATE / USUAL_RATE);
const USUAL_EVIDENCE = Math.log((1 - CHANGED_RATE) / (1 - USUAL_RATE));
const RELEARN_EVIDENCE = 40;
const RELEARN_MEMORY = 100;

/** Surprise (in decimal digits of tail probability) that maps to score 0.5. */
const HALF_SCORE_DIGITS = 5;

export const PREDICTORS = ['long-run mean', 'recent level', 'time-of-day profile', 'time-of-week profile'] as const;
export type PredictorName = (typeof PREDICTORS)[number];

/**
 * One item per predictor, pushed onto an array literal. Not PREDICTORS.map: once V8 optimises the constructor, its
 * inlined map builds arrays of another elements kind, whose new map discards all the per-row code optimised for the
 * first (docs/benchmark-history.md, "Compiled once").
 */
function perPredictor<T>(make: (m: number) => T): T[] {
  const items: T[] = [];
  for (let m = 0; m < PREDICTORS.length; m++) {
    items.push(make(m));
  }
  return items;
}

export interface ScorerOutput {
  /** Anomaly score in [0,1]. */
  score: number;
  /** Expected value from the chosen predictor (NaN while warming up). */
  expected: number;
  /** Standard deviation of the chosen predictor's residuals (NaN while warming up). */
  spread: number;
  /** The same from residuals clipped at BAND_CLIP_SD, so that past spikes do not widen it (NaN while warming up). */
  bandSpread: number;
  /**
   * What the spreads are multiplied by below and above the expected value: sqrt(2 x the share of the residual
   * variance on that side) for residuals skewed upwards (see MIN_BELOW_SHARE), else 1. Bursts then hide no drop.
   * Below, also the level's narrowing where the expected level is low (see LevelSpread).
   */
  belowFactor: number;
  aboveFactor: number;
  /** Signed standardised residual of this value. */
  z: number;
  /** The value standardised by the window's mean and standard deviation (the drift test's `value` stream). */
  valueZ: number;
  /** Signed standardised shift of the short-term residual mean (of the log residuals for `logShift`). */
  shiftZ: number;
  /** With the log-scale shift test: the expected value its residuals were measured from. */
  shiftReference: number;
  /** With the log-scale drop test: the standardised log residual and what it was measured from. */
  dropZ: number;
  dropReference: number;
  /** With the duration test: rows of the excursion the score rests on, and the expected value it is measured from. */
  excursionRows: number;
  excursionReference: number;
  /** The digits a surprise of this row gains from its step (StepDigits; in full from STEP_DIGITS_FROM on). */
  stepDigits: number;
  /** Which side of the expected value the score's evidence lies on. */
  below: boolean;
  predictor: PredictorName | null;
  /**
   * What the score rests on: the value, a sustained shift (on the log scale: `logShift`), a drop on the log scale, an
   * excursion held for longer than this series' own (the duration test), or a value beyond MAX_MODELLED_MAGNITUDE.
   */
  reason: 'value' | 'shift' | 'logShift' | 'logDrop' | 'duration' | 'range' | null;
}

/**
 * Everything the scorer cannot recompute, compactly: windows and profiles as base64 Float64 (trimmed to their live
 * values), scalars exactly (NaN, infinities and -0 included), profiles that never learned a value as null.
 */
export const defaultScorerStateSchema = z.object({
  params: z.record(z.string(), z.union([z.number(), z.boolean()])),
  rows: z.number().int().nonnegative(),
  firstTimestamp: exactNumberSchema,
  level: exactNumberSchema,
  values: decayingStatsStateSchema,
  residuals: z.array(decayingStatsStateSchema).length(PREDICTORS.length),
  bandResiduals: z.array(decayingStatsStateSchema).length(PREDICTORS.length),
  belowSquares: z.array(decayingStatsStateSchema).length(PREDICTORS.length),
  recent: z.array(decayingStatsStateSchema).length(PREDICTORS.length),
  /** Per predictor: the evidence of a wider spread below and above. */
  spreadEvidence: z.array(z.tuple([z.number(), z.number()])).length(PREDICTORS.length),
  /** Per predictor: how its residual spread scales with the level it predicts. */
  levelSpreads: z.array(levelSpreadStateSchema).length(PREDICTORS.length),
  shortTerm: windowStatsStateSchema,
  shortTermHistory: decayingStatsStateSchema,
  season: seasonalProfileStateSchema.nullable(),
  weekSeason: seasonalProfileStateSchema.nullable(),
  damping: sidedDampingStateSchema,
});

export type DefaultScorerState = z.input<typeof defaultScorerStateSchema>;

function unscored(): ScorerOutput {
  return {
    score: 0,
    expected: NaN,
    spread: NaN,
    bandSpread: NaN,
    belowFactor: 1,
    aboveFactor: 1,
    z: 0,
    valueZ: 0,
    shiftZ: 0,
    shiftReference: NaN,
    dropZ: 0,
    dropReference: NaN,
    excursionRows: 0,
    excursionReference: NaN,
    stepDigits: 0,
    below: false,
    predictor: null,
    reason: null,
  };
}

/** A value beyond MAX_MODELLED_MAGNITUDE: as surprising as a score can be, with no band and nothing learned. */
function beyondRange(value: number, expected: number, chosen: number): ScorerOutput {
  return {
    ...unscored(),
    score: 1,
    expected,
    z: value > expected ? Infinity : -Infinity,
    below: value < expected,
    predictor: PREDICTORS[chosen],
    reason: 'range',
  };
}

/** Maps surprise in decimal digits to a score in [0,1): 0.5 at 1e-5 tail probability, 0.8 at 1e-20. */
export function scoreFromDigits(digits: number): number {
  const d = Math.max(0, digits);
  return d / (d + HALF_SCORE_DIGITS);
}

/** The inverse of scoreFromDigits. */
export function digitsFromScore(score: number): number {
  return (HALF_SCORE_DIGITS * score) / (1 - score);
}

/** The scorer's optional parts, each owned (and saved) by the detector; absent ones are off. */
export interface ScorerTests {
  /** Re-expresses a warm row's surprise (digits) before damping, e.g. under a tail learned for the series. */
  tail?: ((digits: number) => number) | null;
  /** The series' own tail of single-value residuals (`learnRoutine`, on by default): its routine stops alerting. */
  routine?: RoutineTail | null;
  /** The same for the sustained-shift test's standardised shifts: bursts that last a few rows stop alerting too. */
  shiftRoutine?: RoutineTail | null;
  /** The duration test with a frozen reference (`durationTest`, on by default): a long excursion absorbed. */
  excursions?: ExcursionLength | null;
  /** The sustained-shift test on the log scale (`logShift`, on by default): a tripled latency among spikes. */
  logShift?: LogShiftTest | null;
  /** The drop test on the log scale (`logDrop`, on by default): an outage at night among bursts. */
  logDrop?: LogDropTest | null;
  /** The digits a row's surprise gains from its step (`surprisePerTime`, on by default): steps above 5 minutes. */
  stepDigits?: StepDigits | null;
  /**
   * The values' range and decimals (`resolutionFloor`, on by default): within the range, a deviation is judged no
   * finer than one unit of the last decimal. Read only: the detector learns it.
   */
  resolution?: ValueResolution | null;
}

/**
 * The default detector's causal core, one value at a time:
 * 1. four predictors (long-run mean over the window, a fast exponentially weighted level, a time-of-day profile,
 *    a time-of-week profile once two weeks are seen); the one whose residuals had the smallest variance over the window predicts the value (so seasonality is used
 *    only where it explains the data);
 * 2. the residual is standardised by that predictor's residual distribution, and the mean of the last few
 *    standardised residuals against the distribution of such means over the window (an anomaly likelihood);
 * 3. the larger surprise (-log10 of the normal tail probability) becomes the score;
 * 4. a score that does not beat the recent maximum on its side of the expected value is damped, so one incident
 *    gives one alert, not a burst.
 */
export class DefaultScorer {
  private rows = 0;
  private firstTimestamp = NaN;
  private level = NaN;
  private readonly levelAlpha: number;
  private values: DecayingStats;
  private readonly residuals: DecayingStats[];
  private readonly bandResiduals: DecayingStats[];
  /** Per predictor: squared deviations of residuals below their mean (0 for those above), for the lower spread. */
  private readonly belowSquares: DecayingStats[];
  private readonly recent: DecayingStats[];
  /** Per predictor: the evidence of a wider spread below and above (typed, as RoutineTail's pairs). */
  private readonly spreadEvidence: Float64Array[];
  private readonly levelSpreads: LevelSpread[];
  private readonly shortTerm: WindowStats;
  private shortTermHistory: DecayingStats;
  private readonly season: SeasonalProfile;
  private readonly weekSeason: SeasonalProfile;
  private readonly damping: SidedDamping;
  /** What the duration test is told of the predicting profile (reused from row to row). */
  private readonly shapeAt: ShapeAt;
  /** Each predictor's prediction for the current value (reused from row to row). */
  private readonly predictions = new Float64Array(PREDICTORS.length);
  /** A scored row's output (reused from row to row: one object fewer per row to allocate and collect). */
  private readonly output: ScorerOutput = unscored();

  private readonly tail: ScorerTests['tail'];
  private readonly routine: RoutineTail | null;
  private readonly shiftRoutine: RoutineTail | null;
  private readonly excursions: ExcursionLength | null;
  private readonly logShift: LogShiftTest | null;
  private readonly logDrop: LogDropTest | null;
  private readonly stepDigits: StepDigits | null;
  private readonly resolution: ValueResolution | null;

  readonly params: DefaultScorerParams;

  constructor(
    params: DefaultScorerParams = DEFAULT_SCORER_PARAMS,
    state?: z.output<typeof defaultScorerStateSchema>,
    tests: ScorerTests = {}
  ) {
    this.params = withFixedShape(params);
    this.tail = tests.tail ?? null;
    this.routine = tests.routine ?? null;
    this.shiftRoutine = tests.shiftRoutine ?? null;
    this.excursions = tests.excursions ?? null;
    this.logShift = tests.logShift ?? null;
    this.logDrop = tests.logDrop ?? null;
    this.stepDigits = tests.stepDigits ?? null;
    this.resolution = tests.resolution ?? null;
    this.levelAlpha = 1 - Math.pow(0.5, 1 / params.levelHalfLife);
    this.shapeAt = { profile: null, timestamp: NaN, minSamples: params.seasonMinSamples };
    if (state) {
      assertParamsMatch(state.params, params);
      this.rows = state.rows;
      this.firstTimestamp = state.firstTimestamp;
      this.level = state.level;
      this.values = DecayingStats.fromState(params.window, state.values);
      this.residuals = perPredictor((m) => DecayingStats.fromState(params.window, state.residuals[m]));
      this.bandResiduals = perPredictor((m) => DecayingStats.fromState(params.window, state.bandResiduals[m]));
      this.belowSquares = perPredictor((m) => DecayingStats.fromState(params.window, state.belowSquares[m]));
      this.recent = perPredictor((m) => DecayingStats.fromState(RELEARN_MEMORY, state.recent[m]));
      this.spreadEvidence = perPredictor((m) => Float64Array.from(state.spreadEvidence[m]));
      this.levelSpreads = perPredictor((m) => new LevelSpread(params.window, state.levelSpreads[m]));
      this.shortTerm = WindowStats.fromState(state.shortTerm);
      this.shortTermHistory = DecayingStats.fromState(params.window, state.shortTermHistory);
      this.season = state.season ? SeasonalProfile.fromState(state.season) : this.newSeason();
      this.weekSeason = state.weekSeason ? SeasonalProfile.fromState(state.weekSeason) : this.newWeekSeason();
      this.damping = new SidedDamping(
        params.refractory,
        params.refractoryMinutes * MINUTE_MS,
        params.damping,
        state.damping
      );
      return;
    }
    this.values = new DecayingStats(params.window);
    this.residuals = perPredictor(() => new DecayingStats(params.window));
    this.bandResiduals = perPredictor(() => new DecayingStats(params.window));
    this.belowSquares = perPredictor(() => new DecayingStats(params.window));
    this.recent = perPredictor(() => new DecayingStats(RELEARN_MEMORY));
    this.spreadEvidence = perPredictor(() => new Float64Array(2));
    this.levelSpreads = perPredictor(() => new LevelSpread(params.window));
    this.shortTerm = new WindowStats(Math.max(1, params.shortWindow));
    this.shortTermHistory = new DecayingStats(params.window);
    this.season = this.newSeason();
    this.weekSeason = this.newWeekSeason();
    this.damping = new SidedDamping(params.refractory, params.refractoryMinutes * MINUTE_MS, params.damping);
  }

  /**
   * Scores `value` at `timestamp` from everything seen so far, then learns from it. NaN scores 0 and is skipped. The
   * output of a scored row is overwritten by the next row's: read it before the next call.
   */
  update(timestamp: number, value: number): ScorerOutput {
    const p = this.params;
    const stepDigits = this.stepDigits ? this.stepDigits.observe(timestamp) : 0;
    if (!Number.isFinite(value)) {
      return unscored();
    }
    const predictions = this.predictions;
    predictions[0] = this.values.size > 0 ? this.values.mean : NaN;
    predictions[1] = this.level;
    predictions[2] = p.seasonSlots > 0 ? this.season.expected(timestamp, p.seasonMinSamples) : NaN;
    predictions[3] =
      p.seasonSlots > 0 && p.weekly && timestamp - this.firstTimestamp >= WEEKLY_MIN_HISTORY_MS
        ? this.weekSeason.expected(timestamp, p.seasonMinSamples)
        : NaN;
    const chosen = this.bestPredictor(predictions);
    if (Math.abs(value) > MAX_MODELLED_MAGNITUDE) {
      return chosen >= 0 ? beyondRange(value, predictions[chosen] + this.residuals[chosen].mean, chosen) : unscored();
    }
    this.rows++;
    if (Number.isNaN(this.firstTimestamp)) {
      this.firstTimestamp = timestamp;
    }
    const tiny = this.tinySpread(value);
    const valueZ =
      this.values.size > 1 ? (value - this.values.mean) / Math.max(Math.sqrt(this.values.variance), tiny) : 0;
    const output =
      chosen >= 0 ? this.judge(timestamp, value, predictions[chosen], chosen, stepDigits, tiny) : unscored();
    output.valueZ = valueZ;
    this.learn(timestamp, value, predictions);
    output.score = this.damp(timestamp, output, value);
    return output;
  }

  toState(): DefaultScorerState {
    return {
      params: { ...this.params },
      rows: this.rows,
      firstTimestamp: toExactNumber(this.firstTimestamp),
      level: toExactNumber(this.level),
      values: this.values.toState(),
      residuals: this.residuals.map((r) => r.toState()),
      bandResiduals: this.bandResiduals.map((r) => r.toState()),
      belowSquares: this.belowSquares.map((r) => r.toState()),
      recent: this.recent.map((r) => r.toState()),
      spreadEvidence: this.spreadEvidence.map(([below, above]) => [below, above]),
      levelSpreads: this.levelSpreads.map((s) => s.toState()),
      shortTerm: this.shortTerm.toState(),
      shortTermHistory: this.shortTermHistory.toState(),
      season: this.season.empty ? null : this.season.toState(this.params.seasonMinSamples),
      weekSeason: this.weekSeason.empty ? null : this.weekSeason.toState(this.params.seasonMinSamples),
      damping: this.damping.toState(),
    };
  }

  /**
   * After a drift the old regime's residuals no longer describe the new one: forget them (and the short-term
   * history) and re-learn from scratch, scoring 0 through a fresh warm-up. The level and the seasonal profile
   * adapt on their own and are kept.
   */
  refit(): void {
    const p = this.params;
    this.residuals.forEach((_, m) => {
      this.residuals[m] = new DecayingStats(p.window);
      this.bandResiduals[m] = new DecayingStats(p.window);
      this.belowSquares[m] = new DecayingStats(p.window);
      this.recent[m] = new DecayingStats(RELEARN_MEMORY);
      this.spreadEvidence[m].fill(0);
      this.levelSpreads[m] = new LevelSpread(p.window);
    });
    this.values = new DecayingStats(p.window);
    this.shortTermHistory = new DecayingStats(p.window);
    this.rows = 0;
  }

  private newSeason(): SeasonalProfile {
    return new SeasonalProfile(Math.max(1, this.params.seasonSlots), this.params.seasonAlpha, DAY_MS);
  }

  private newWeekSeason(): SeasonalProfile {
    return new SeasonalProfile(Math.max(1, this.params.seasonSlots) * 7, this.params.seasonAlpha, WEEK_MS);
  }

  /**
   * NUMERIC_FLOOR of the series' scale: the root mean square of the values in memory, or the value's own size while
   * they have all been 0. Never 0: a series of zeros reading 0 is 0 spreads off, not 0 / 0.
   */
  private tinySpread(value: number): number {
    const { mean, variance } = this.values;
    const scale = Math.sqrt(mean * mean + variance) || Math.abs(value);
    return Math.max(NUMERIC_FLOOR * scale, Number.MIN_VALUE);
  }

  private bestPredictor(predictions: Float64Array): number {
    let best = -1;
    let bestVariance = Infinity;
    for (let m = 0; m < predictions.length; m++) {
      const residuals = this.residuals[m];
      if (!Number.isNaN(predictions[m]) && residuals.size >= this.params.warmup && residuals.variance < bestVariance) {
        best = m;
        bestVariance = residuals.variance;
      }
    }
    return best;
  }

  private judge(
    timestamp: number,
    value: number,
    prediction: number,
    chosen: number,
    stepDigits: number,
    tiny: number
  ): ScorerOutput {
    const residuals = this.residuals[chosen];
    const numericFloor = tiny + 1e-6 * Math.abs(prediction);
    const spread = Math.max(Math.sqrt(residuals.variance), numericFloor);
    const bandSpread = Math.max(Math.sqrt(this.bandResiduals[chosen].variance), numericFloor);
    const expected = prediction + residuals.mean;
    const belowShare = residuals.variance > 0 ? this.belowSquares[chosen].mean / residuals.variance : 0.5;
    const share = Math.min(0.5, Math.max(MIN_BELOW_SHARE, belowShare));
    // Each side's spread is at least the resolution floor (0 beyond the range seen, or for continuous values).
    const floorFactor = this.resolution ? this.resolution.spreadFloor(value) / spread : 0;
    const belowFactor = Math.max(
      Math.sqrt(2 * share) * Math.min(1, this.levelSpreads[chosen].factor(prediction)),
      floorFactor
    );
    const aboveFactor = Math.max(Math.sqrt(2 * (1 - share)), floorFactor);
    const sideFactor = value < expected ? belowFactor : aboveFactor;
    const z = (value - expected) / (spread * sideFactor);
    const skewed = belowShare < MIN_BELOW_SHARE;
    const risesOnLogScale = belowShare < RISE_BELOW_SHARE;
    let digits = this.routine ? this.routine.digits(z) : surpriseDigits(Math.abs(z));
    this.routine?.learn(z, timestamp);
    // The log-scale tests' residual from the expected value, which most rows also take as the other references.
    const logResidual = this.logDrop || this.logShift ? logRatio(value, expected) : NaN;
    // The routine of rises is a routine tail (off with learnRoutine) kept with the drop test's log residuals.
    const rises = this.routine ? this.logDrop : null;
    if (rises) {
      // A rise the series makes routinely on the log scale (a burst of a few times the load) is no more surprising
      // than that routine says, however many linear standard deviations it spans at the day's peak.
      const riseDigits = rises.riseDigits(logResidual, timestamp);
      if (risesOnLogScale && z > 0) {
        digits = Math.min(digits, riseDigits);
      }
    }
    // Where a profile predicts (PREDICTORS[2] or [3]), a shift on the log scale is measured from the lower of its
    // expected value and the long-run mean's (PREDICTORS[0]): a slot takes a tenth of every value it sees, so within
    // the hour it has learned much of a lasting rise (a tripled latency), which the long-run mean has not.
    const riseReference = chosen >= 2 ? Math.min(expected, this.warmExpected(0, expected)) : expected;
    const logShift = this.logShift
      ? this.logShift.observe(
          riseReference === expected ? logResidual : logRatio(value, riseReference),
          risesOnLogScale,
          timestamp
        )
      : null;
    let reason: ScorerOutput['reason'] = 'value';
    let shiftZ = 0;
    let shiftReference = NaN;
    const shift = this.params.shortWindow > 1 ? this.shiftOf(z, spread <= numericFloor, floorFactor / sideFactor) : NaN;
    if (!Number.isNaN(shift)) {
      shiftZ = shift;
      let shiftDigits = this.shiftRoutine ? this.shiftRoutine.digits(shiftZ) : surpriseDigits(Math.abs(shiftZ));
      this.shiftRoutine?.learn(shiftZ, timestamp);
      if (rises && logShift?.judged && shiftZ > 0) {
        // The same for a few rows of bursts: a shift upwards counts as far as it is one on the log scale too, over
        // the same rows or twice as many (a sustained rise keeps adding evidence there).
        shiftDigits = Math.min(shiftDigits, Math.max(logShift.digits, logShift.longDigits));
      }
      if (shiftDigits > digits) {
        digits = shiftDigits;
        reason = 'shift';
      }
    }
    // The log-scale shift alerts on its own only where the residuals are skewed as far as MIN_BELOW_SHARE.
    if (logShift && skewed && logShift.digits > digits) {
      digits = logShift.digits;
      reason = 'logShift';
      shiftZ = logShift.shift;
      shiftReference = riseReference;
    }
    let dropZ = 0;
    let dropReference = NaN;
    if (this.logDrop) {
      // A drop is measured from the lower of the expected value and the recent level's (PREDICTORS[1]).
      const reference = Math.min(expected, this.warmExpected(1, expected));
      const drop = this.logDrop.observe(
        reference === expected ? logResidual : logRatio(value, reference),
        skewed,
        timestamp
      );
      if (drop.digits > digits) {
        digits = drop.digits;
        reason = 'logDrop';
        dropZ = drop.z;
        dropReference = reference;
      }
    }
    let below = reason === 'logDrop' || (reason === 'value' ? z : shiftZ) < 0;
    let excursionRows = 0;
    let excursionReference = NaN;
    if (this.excursions) {
      const at = this.shapeAt;
      at.profile = chosen === 2 ? this.season : chosen === 3 ? this.weekSeason : null;
      at.timestamp = timestamp;
      const excursion = this.excursions.observe(
        value,
        expected,
        spread * belowFactor,
        spread * aboveFactor,
        digits,
        stepDigits,
        at
      );
      if (excursion.digits > digits) {
        digits = excursion.digits;
        reason = 'duration';
        below = excursion.below;
        excursionRows = excursion.length;
        excursionReference = excursion.reference;
      }
    }
    const output = this.output;
    output.score = scoreFromDigits(digits + stepDigits * Math.min(1, digits / STEP_DIGITS_FROM));
    output.stepDigits = stepDigits;
    output.expected = expected;
    output.spread = spread;
    output.bandSpread = bandSpread;
    output.belowFactor = belowFactor;
    output.aboveFactor = aboveFactor;
    output.z = z;
    output.valueZ = 0;
    output.shiftZ = shiftZ;
    output.shiftReference = shiftReference;
    output.dropZ = dropZ;
    output.dropReference = dropReference;
    output.excursionRows = excursionRows;
    output.excursionReference = excursionReference;
    output.below = below;
    output.predictor = PREDICTORS[chosen];
    output.reason = reason;
    return output;
  }

  /**
   * The sustained-shift test's step for the row's residual z. A series that has not varied has its spread at the
   * numeric floor, and its first move a z in the millions: the test takes it as LEARN_CLIP_SD, or the history of
   * means would be deaf to any shift for as long as it remembers (a year at 5-minute steps). Where the values'
   * resolution floors the spread (`unitZ`, one unit of it in z), the test judges no finer than one unit in one row
   * of its window.
   */
  private shiftOf(z: number, unvaried: boolean, unitZ: number): number {
    const learned = unvaried ? Math.max(-LEARN_CLIP_SD, Math.min(LEARN_CLIP_SD, z)) : z;
    const minSpread = Math.max(MIN_SHIFT_SPREAD, unitZ / this.params.shortWindow);
    return meanShift(this.shortTerm, this.shortTermHistory, learned, this.params.warmup, minSpread);
  }

  /** Predictor m's expected value for this row once it has its warm-up of residuals, else `fallback`. */
  private warmExpected(m: number, fallback: number): number {
    const residuals = this.residuals[m];
    return residuals.size >= this.params.warmup ? this.predictions[m] + residuals.mean : fallback;
  }

  private learn(timestamp: number, value: number, predictions: Float64Array): void {
    // Indices into PREDICTORS: the recent level, the time-of-day and the time-of-week profiles.
    const levelValue = this.clippedForLearning(1, value, predictions[1]);
    const seasonValue = this.clippedForLearning(2, value, predictions[2]);
    const weekValue = this.clippedForLearning(3, value, predictions[3]);
    for (let m = 0; m < predictions.length; m++) {
      if (!Number.isNaN(predictions[m])) {
        const residual = value - predictions[m];
        this.levelSpreads[m].learn(predictions[m], residual - this.residuals[m].mean, this.residuals[m].variance);
        this.weighSpread(m, residual);
        const below = residual - this.residuals[m].mean;
        this.belowSquares[m].push(below < 0 ? below * below : 0);
        this.residuals[m].push(residual);
        this.bandResiduals[m].push(this.clippedForBand(m, residual));
      }
    }
    this.values.push(value);
    this.level = Number.isNaN(this.level) ? value : this.level + this.levelAlpha * (levelValue - this.level);
    if (this.params.seasonSlots > 0) {
      this.season.learn(timestamp, seasonValue);
    }
    if (this.params.seasonSlots > 0 && this.params.weekly) {
      this.weekSeason.learn(timestamp, weekValue);
    }
  }

  /**
   * The value predictor m learns: clipped to LEARN_CLIP_SD of its residuals once they are warm. Not with a learned
   * tail (`spot`, `dspot`): those alert on, and never learn, the rows beyond z_q, and the clip shifts which predictor
   * wins on a heavy-tailed series enough that their early tail fits stay light and then never see the large rows.
   */
  private clippedForLearning(m: number, value: number, prediction: number): number {
    const stats = this.residuals[m];
    if (this.tail || Number.isNaN(prediction) || stats.size < this.params.warmup) {
      return value;
    }
    const expected = prediction + stats.mean;
    const limit = LEARN_CLIP_SD * Math.sqrt(stats.variance);
    return Math.min(expected + limit, Math.max(expected - limit, value));
  }

  /** Weighs the evidence of a wider spread in predictor m's residuals; once both sides hold enough, re-learns them. */
  private weighSpread(m: number, residual: number): void {
    const stats = this.residuals[m];
    const recent = this.recent[m];
    recent.push(residual);
    if (stats.size < this.params.warmup) {
      return;
    }
    const limit = EXCEED_SD * Math.sqrt(stats.variance);
    const evidence = this.spreadEvidence[m];
    const deviation = residual - stats.mean;
    evidence[0] = Math.max(0, evidence[0] + (deviation < -limit ? EXCEED_EVIDENCE : USUAL_EVIDENCE));
    evidence[1] = Math.max(0, evidence[1] + (deviation > limit ? EXCEED_EVIDENCE : USUAL_EVIDENCE));
    if (Math.min(evidence[0], evidence[1]) < RELEARN_EVIDENCE) {
      return;
    }
    evidence.fill(0);
    const count = Math.min(recent.size, RELEARN_MEMORY);
    const seeded: [number, number, number] = [count, recent.mean, recent.variance];
    const belowShare = stats.variance > 0 ? this.belowSquares[m].mean / stats.variance : 0.5;
    const window = this.params.window;
    this.residuals[m] = DecayingStats.fromState(window, seeded);
    this.bandResiduals[m] = DecayingStats.fromState(window, seeded);
    this.belowSquares[m] = DecayingStats.fromState(window, [count, belowShare * recent.variance, 0]);
  }

  /**
   * A residual clipped to BAND_CLIP_SD standard deviations of the band's distribution, once that is warm, or of the
   * scoring one where that is wider: a spike barely moves the scoring spread, but a spread that grew for good does,
   * and the band then follows it instead of widening by at most 4 sd per row.
   */
  private clippedForBand(m: number, residual: number): number {
    const stats = this.bandResiduals[m];
    if (stats.size < this.params.warmup) {
      return residual;
    }
    const limit = BAND_CLIP_SD * Math.sqrt(Math.max(stats.variance, this.residuals[m].variance));
    return Math.min(stats.mean + limit, Math.max(stats.mean - limit, residual));
  }

  private underTail(score: number): number {
    return this.tail ? scoreFromDigits(this.tail(digitsFromScore(score))) : score;
  }

  /** The row's score under the tail (if any), 0 in warm-up, damped on its side of the expected value. */
  private damp(timestamp: number, output: ScorerOutput, value: number): number {
    const effective = this.rows > this.params.warmup ? this.underTail(output.score) : 0;
    return this.damping.apply(timestamp, effective, output.below, value, output.expected, output.spread);
  }
}
