import { z } from 'zod';
import { MINUTE_MS } from '../seasonal/period';
import { exactNumberSchema, toExactNumber } from './exactNumber';
import { FrozenProfile, type SeasonalProfile, frozenProfileStateSchema } from './seasonalProfile';

/** An excursion starts at a value this many standard deviations from the expected value. */
export const EXCURSION_OPEN_SD = 3;
/** It goes on while values stay at least this many (frozen) standard deviations below the frozen reference... */
export const EXCURSION_HOLD_SD = 4;
/**
 * ...or this many above it. A saturation or a value stuck high on autocorrelated noise dips under 4 sd every few
 * rows, which ended the excursion before it was long enough (CPU pinned near 100% for an hour); below, 4 sd keeps a
 * weekday-shaped series' first weekend (a lower load held for two days) from reading as an incident, which 3 on both
 * sides did (docs/default-detector-history.md).
 */
export const EXCURSION_HOLD_ABOVE_SD = 3;
/** ...with at most this many rows in a row that do not (autocorrelated noise dips for a few rows at a time). */
export const EXCURSION_MAX_GAP = 5;
/**
 * An excursion starts with a step: the opening value is also this many standard deviations beyond the value before
 * it. Outages, stalls and saturations begin abruptly; a drift or the first weekend of a weekday-shaped series does
 * not, and is left to the predictors and the shift test (without this, the built-in demo's series alerted on their
 * first Saturday).
 */
export const EXCURSION_STEP_SD = 4;
/**
 * Prior of the length model: as if the series had shown PRIOR_WEIGHT excursions at a rate of one in
 * PRIOR_ROWS_PER_EXCURSION rows, each going on from one row to the next with probability PRIOR_GO_ON_PER_MINUTE to
 * the power of the minutes between them (three rows long on average at 1-minute steps): a series with no history
 * finds an excursion of a few minutes unsurprising and one of most of an hour surprising at any step (a prior in
 * rows asked for about 45 rows at any step: almost four hours at 5-minute steps, where an hour is 12 rows).
 */
const PRIOR_WEIGHT = 1;
const PRIOR_GO_ON_PER_MINUTE = 2 / 3;
const PRIOR_ROWS_PER_EXCURSION = 1000;
/**
 * Steps longer than this count as this long in the prior: at hourly steps the per-minute law would make any
 * excursion of two rows certain to be an incident (two more false alarms on NAB's hourly ad exchange series). 10
 * and 15 minutes gave the same NAB and SKAB figures and more false alerts at 15-minute steps
 * (docs/default-detector-history.md).
 */
const PRIOR_MAX_STEP_MS = 5 * MINUTE_MS;

/** The prior's weighted rows beyond the first of an excursion, for rows `stepMs` apart (a geometric law's mean). */
function priorExtraRows(stepMs: number): number {
  const goOn = Math.pow(PRIOR_GO_ON_PER_MINUTE, Math.min(stepMs, PRIOR_MAX_STEP_MS) / MINUTE_MS);
  return (PRIOR_WEIGHT * goOn) / (1 - goOn);
}

/** The step the prior assumes at a series' first row (and where a timestamp does not advance). */
const REFERENCE_STEP_MS = MINUTE_MS;
/** The memory of the excursions, in windows of the detector (as for the routine tail). */
export const EXCURSION_MEMORY_WINDOWS = 4;

const sideSchema = z.object({
  /** Rows since the excursion opened (0: none under way). */
  age: z.number().int().nonnegative(),
  /** Rows beyond the reference up to the last one that was, counted from the opening. */
  length: z.number().int().nonnegative(),
  gap: z.number().int().nonnegative(),
  /** Whether the excursion has alerted already (through another test): it is then not reported again. */
  reported: z.boolean(),
  reference: exactNumberSchema,
  spread: exactNumberSchema,
  /** The time-of-day profile as it was at the opening (when it predicted), which the reference follows. */
  shape: frozenProfileStateSchema.nullable(),
});

export const excursionLengthStateSchema = z.object({
  rows: exactNumberSchema,
  /** The previous value (an excursion opens with a step from it). */
  previous: exactNumberSchema,
  /** Its timestamp (ms; NaN before the first row, absent in states saved before the prior was in time). */
  previousMs: exactNumberSchema.optional(),
  /** Per side (below, above): the weighted count of closed excursions and of their rows beyond the first. */
  count: z.tuple([exactNumberSchema, exactNumberSchema]),
  extra: z.tuple([exactNumberSchema, exactNumberSchema]),
  /** Per side: the excursion under way (null: none). */
  sides: z.tuple([sideSchema.nullable(), sideSchema.nullable()]),
  /**
   * Per side: the last excursion that alerted while it goes on, whose reference a value returns to at the end of an
   * incident (null: none, or over).
   */
  incidents: z.tuple([sideSchema.nullable(), sideSchema.nullable()]),
});

export type ExcursionLengthState = z.input<typeof excursionLengthStateSchema>;

interface Side {
  age: number;
  length: number;
  gap: number;
  reported: boolean;
  /** The expected value at the opening, less what the frozen shape predicted then (when there is one). */
  reference: number;
  spread: number;
  shape: FrozenProfile | null;
}

function closed(): Side {
  return { age: 0, length: 0, gap: 0, reported: false, reference: NaN, spread: NaN, shape: null };
}

function sideFromState(side: z.output<typeof sideSchema> | null): Side {
  return side ? { ...side, shape: side.shape ? FrozenProfile.fromState(side.shape) : null } : closed();
}

/** A side as stored: null when closed (age 0: nothing of it is read until it opens, as closed() again). */
function sideToState(side: Side): ExcursionLengthState['sides'][number] {
  if (side.age === 0) {
    return null;
  }
  return {
    age: side.age,
    length: side.length,
    gap: side.gap,
    reported: side.reported,
    reference: toExactNumber(side.reference),
    spread: toExactNumber(side.spread),
    shape: side.shape ? side.shape.toState() : null,
  };
}

/**
 * The predictor's time-of-day (or time-of-week) profile when it is the one predicting, with the row's timestamp and
 * the samples a slot needs: an excursion opened then keeps a copy, so its reference follows the daily shape as it
 * was before the excursion, not as the profile learns the excursion itself.
 */
export interface ShapeAt {
  profile: SeasonalProfile | null;
  timestamp: number;
  minSamples: number;
}

/** The frozen reference at this row: constant, or following the frozen profile's shape. */
function referenceAt(side: Side, at: ShapeAt): number {
  return side.shape ? side.reference + side.shape.expected(at.timestamp) : side.reference;
}

/** The sign of side k of the expected value: -1 below (k = 0), 1 above (k = 1). */
function sideSign(k: number): number {
  return k === 0 ? -1 : 1;
}

/** How far beyond its reference (in frozen spreads) an excursion on a side must stay (sign -1 below, 1 above). */
export function excursionHoldSd(sign: number): number {
  return sign > 0 ? EXCURSION_HOLD_ABOVE_SD : EXCURSION_HOLD_SD;
}

/** Whether the value is still beyond the side's reference by its hold (sign -1 below, 1 above). */
function holds(side: Side, sign: number, value: number, at: ShapeAt): boolean {
  return (sign * (value - referenceAt(side, at))) / side.spread >= excursionHoldSd(sign);
}

/** What `observe` found: the surprise of the excursion reported at this row (0 if none) and its side. */
export interface ExcursionSurprise {
  digits: number;
  below: boolean;
  length: number;
  reference: number;
}

/**
 * A duration test with a frozen reference. When a value goes EXCURSION_OPEN_SD beyond the expected value in a step
 * (EXCURSION_STEP_SD beyond the value before it), that expected value and the spread on that side are frozen (with a
 * copy of the time-of-day profile when that predicted, so the reference keeps the daily shape); while the values stay
 * EXCURSION_HOLD_SD frozen spreads below the frozen reference or EXCURSION_HOLD_ABOVE_SD above it (gaps of
 * EXCURSION_MAX_GAP rows allowed), the excursion grows, however quickly the predictors learn the new level. Its
 * surprise is how rare an excursion this long is for this series: the rate of excursions per row times the chance that
 * one lasts this long, under a geometric law of lengths fitted per side to the series' own past excursions (with a weak
 * prior; counts decay with weight 1 / memory per row). Routine bursts of a few rows stay unsurprising, a level held for
 * an hour is not.
 *
 * One incident, one alert:
 * - an excursion is reported once, at the row where its surprise reaches `reportDigits` (the detector's alert
 *   threshold, less the digits the row gains from its step); it then closes and is learned, so a change that lasts
 *   is reported once and left to the predictors. Reported row by row instead, a growing excursion's score beats the damping record at every step and alerts long
 *   after the change began (on SKAB's level changes, after the labelled window);
 * - an excursion during which the row's other tests alerted is not reported again, nor one that opens while the
 *   same side's last alerting excursion goes on, its values still beyond its reference (a change that lasts, met
 *   again as time moves into profile slots that have not learned it yet). Once they have been back for more than
 *   EXCURSION_MAX_GAP rows that incident is over: a latency that triples hours after one of its spikes alerted
 *   lies beyond that spike's reference too, and is a new change;
 * - a value back within EXCURSION_HOLD_SD of the reference of the other side's excursion under way or last alerting
 *   one (the end of a burst, of a weekend, of an outage) opens no excursion: it is the return to normal, measured
 *   against an expected value the excursion displaced, not a change.
 */
export class ExcursionLength {
  private rows = 0;
  /** Per side, typed for the reason RoutineTail's pairs are. */
  private readonly count = new Float64Array(2);
  private readonly extra = new Float64Array(2);
  private readonly sides: [Side, Side] = [closed(), closed()];
  private readonly incidents: [Side, Side] = [closed(), closed()];
  private readonly keep: number;
  private previous = NaN;
  private previousMs = NaN;
  /** The prior's extra rows for the last step seen (a cache: steps repeat). */
  private priorStepMs = REFERENCE_STEP_MS;
  private priorExtra = priorExtraRows(REFERENCE_STEP_MS);
  /**
   * What observe reports, reused from row to row. Its digits start as NaN and every field is written at every row, so
   * that V8 stores digits as a double and each field as changing from the first row: at the first report, a 0 turning
   * into a fraction and fields written for the first time changed the object's hidden class and discarded the per-row
   * code compiled for it (docs/benchmark-history.md, "Compiled once").
   */
  private readonly result: ExcursionSurprise = { digits: NaN, below: false, length: 0, reference: NaN };

  constructor(
    memory: number,
    /** The surprise (decimal digits) at which an excursion is reported: the detector's alert threshold. */
    private readonly reportDigits: number,
    state?: z.output<typeof excursionLengthStateSchema>
  ) {
    this.keep = 1 - 1 / memory;
    if (state) {
      this.rows = state.rows;
      this.previous = state.previous;
      this.previousMs = state.previousMs ?? NaN;
      this.count.set(state.count);
      this.extra.set(state.extra);
      state.sides.forEach((side, k) => (this.sides[k] = sideFromState(side)));
      state.incidents.forEach((side, k) => (this.incidents[k] = sideFromState(side)));
    }
  }

  /**
   * Takes the row's value with its expected value, the spreads below and above it, the surprise the row's other
   * tests gave (digits), the digits every surprise of the row gains from its step (StepDigits) and the row's timestamp
   * and profile (`at`; the time since the previous row sets the prior's length), and returns the surprise of the
   * excursion this row reports, if any (the object is reused from row to row).
   */
  observe(
    value: number,
    expected: number,
    belowSpread: number,
    aboveSpread: number,
    otherDigits: number,
    stepDigits: number,
    at: ShapeAt
  ): ExcursionSurprise {
    const reportDigits = this.reportDigits - stepDigits;
    const result = this.result;
    result.digits = 0;
    result.below = false;
    result.length = 0;
    result.reference = NaN;
    const sinceMs = at.timestamp - this.previousMs;
    const stepMs = sinceMs > 0 ? sinceMs : REFERENCE_STEP_MS;
    if (stepMs !== this.priorStepMs) {
      this.priorStepMs = stepMs;
      this.priorExtra = priorExtraRows(stepMs);
    }
    this.rows = this.rows * this.keep + 1;
    for (let k = 0; k < 2; k++) {
      this.count[k] *= this.keep;
      this.extra[k] *= this.keep;
      if (this.sides[k].age === 0) {
        const sign = sideSign(k);
        const spread = k === 0 ? belowSpread : aboveSpread;
        const size = spread > 0 ? (sign * (value - expected)) / spread : 0;
        const step = spread > 0 ? (sign * (value - this.previous)) / spread : 0;
        if (size >= EXCURSION_OPEN_SD && step >= EXCURSION_STEP_SD && !this.returning(1 - k, value, at)) {
          this.sides[k] = this.opened(k, value, expected, spread, otherDigits >= reportDigits, at);
        }
      } else {
        this.follow(k, value, otherDigits >= reportDigits, reportDigits, at);
      }
    }
    this.followIncidents(value, at);
    this.previous = value;
    this.previousMs = at.timestamp;
    return result;
  }

  /**
   * One more row of side k's excursion under way (`alerted`: the row's other tests reached `reportDigits`): it grows,
   * waits out a gap, closes, or is reported and closes.
   */
  private follow(k: number, value: number, alerted: boolean, reportDigits: number, at: ShapeAt): void {
    const side = this.sides[k];
    side.age++;
    if (holds(side, sideSign(k), value, at)) {
      side.length = side.age;
      side.gap = 0;
      side.reported ||= alerted;
    } else if (++side.gap > EXCURSION_MAX_GAP) {
      this.close(k);
      return;
    }
    const digits = side.gap === 0 ? this.surprise(k, side.length) : 0;
    if (digits >= reportDigits) {
      const result = this.result;
      if (!side.reported && digits > result.digits) {
        result.digits = digits;
        result.below = k === 0;
        result.length = side.length;
        result.reference = referenceAt(side, at);
      }
      side.reported = true;
      this.close(k);
    }
  }

  toState(): ExcursionLengthState {
    return {
      rows: toExactNumber(this.rows),
      previous: toExactNumber(this.previous),
      previousMs: toExactNumber(this.previousMs),
      count: [toExactNumber(this.count[0]), toExactNumber(this.count[1])],
      extra: [toExactNumber(this.extra[0]), toExactNumber(this.extra[1])],
      sides: [sideToState(this.sides[0]), sideToState(this.sides[1])],
      incidents: [sideToState(this.incidents[0]), sideToState(this.incidents[1])],
    };
  }

  /** An excursion on side k opened by `value`: reported already if this row alerted or the side's incident goes on. */
  private opened(k: number, value: number, expected: number, spread: number, alerted: boolean, at: ShapeAt): Side {
    const shaped = at.profile ? at.profile.expected(at.timestamp, at.minSamples) : NaN;
    const shape = at.profile && !Number.isNaN(shaped) ? at.profile.freeze(at.minSamples) : null;
    const reference = shape ? expected - shaped : expected;
    const reported = alerted || this.continuing(k, value, at);
    return { age: 1, length: 1, gap: 0, reported, reference, spread, shape };
  }

  /**
   * Keeps each side's last alerting excursion while it goes on: while its values hold beyond its reference, with gaps
   * of EXCURSION_MAX_GAP rows as for an excursion under way. Once they have been back for longer it is over, and a
   * later value beyond its reference is a new change (a latency that triples hours after one of its spikes alerted).
   */
  private followIncidents(value: number, at: ShapeAt): void {
    for (let k = 0; k < 2; k++) {
      const incident = this.incidents[k];
      if (incident.age === 0) {
        continue;
      }
      if (holds(incident, sideSign(k), value, at)) {
        incident.gap = 0;
      } else if (++incident.gap > EXCURSION_MAX_GAP) {
        this.incidents[k] = closed();
      }
    }
  }

  /**
   * Whether the value is back within EXCURSION_HOLD_SD of the reference of side k's excursion under way (the end of
   * a burst, measured against an expected value the burst displaced) or of its last alerting one while that incident
   * still held at the previous row (the end of an outage). Long after an incident, the same value is a new change: an
   * outage hours after a burst alerted is measured, although it lies within the burst's wide spread of its reference.
   */
  private returning(k: number, value: number, at: ShapeAt): boolean {
    const near = (side: Side) =>
      side.age > 0 && Math.abs(value - referenceAt(side, at)) < EXCURSION_HOLD_SD * side.spread;
    return near(this.sides[k]) || (near(this.incidents[k]) && this.continuing(k, this.previous, at));
  }

  /** Whether side k's last alerting excursion goes on and the value is beyond its reference by that side's hold. */
  private continuing(k: number, value: number, at: ShapeAt): boolean {
    const incident = this.incidents[k];
    return incident.age > 0 && holds(incident, sideSign(k), value, at);
  }

  private close(k: number): void {
    const side = this.sides[k];
    this.count[k] += 1;
    this.extra[k] += side.length - 1;
    if (side.reported) {
      this.incidents[k] = side;
    }
    this.sides[k] = closed();
  }

  /** -log10 of (excursions per row) x P(an excursion lasts at least `length` rows) on side k. */
  private surprise(k: number, length: number): number {
    const count = this.count[k] + PRIOR_WEIGHT;
    const extra = this.extra[k] + this.priorExtra;
    const rate = count / (this.rows + PRIOR_WEIGHT * PRIOR_ROWS_PER_EXCURSION);
    const goOn = extra / (extra + count);
    return -(Math.log10(rate) + (length - 1) * Math.log10(goOn));
  }
}
