import { z } from 'zod';
import { base64ToFloat64, float64ToBase64 } from '../util/base64';
import { exactNumberSchema, toExactNumber } from './exactNumber';
import { DAY_MS, MINUTE_MS } from '../seasonal/period';

/**
 * Serialised SeasonalProfile: slot means as base64 Float64, sample weights as numbers, those at or above the samples a
 * slot needs stored as that many (nothing reads them further: a slot predicts once it has them).
 */
export const seasonalProfileStateSchema = z.object({
  periodMs: z.number().positive(),
  slots: z.number().int().positive(),
  alpha: z.number(),
  mean: z.string(),
  count: z.array(z.number().nonnegative()),
  /** Timestamp (ms) of the last value learned (NaN before the first). */
  lastMs: exactNumberSchema,
});

export type SeasonalProfileState = z.input<typeof seasonalProfileStateSchema>;

/**
 * The step at and above which a value teaches its slots `alpha` of its error and counts as one sample. A finer step
 * teaches less per value, so that a slot learns as much per minute of the series' time as at 1-minute steps: at
 * 1-second steps `alpha` per value made the profile a ten-second moving level that followed every incident (SKAB).
 */
export const PROFILE_REFERENCE_STEP_MS = MINUTE_MS;

/** Serialised FrozenProfile: the period and the slot means as base64 Float64 (NaN for slots that did not predict). */
export const frozenProfileStateSchema = z.object({
  periodMs: z.number().positive(),
  mean: z.string(),
});

export type FrozenProfileState = z.infer<typeof frozenProfileStateSchema>;

/**
 * Where a timestamp falls among `slots` slot centres of a period: the two slots around it and the second's weight,
 * for the timestamp it was found for.
 */
interface SlotPosition {
  timestamp: number;
  first: number;
  second: number;
  weight: number;
}

function unlocated(): SlotPosition {
  return { timestamp: NaN, first: 0, second: 0, weight: 0 };
}

function locate(slots: number, periodMs: number, timestamp: number, out: SlotPosition): void {
  // A row's prediction and learning ask for the same timestamp: its position (two float modulos) is found once.
  if (timestamp === out.timestamp) {
    return;
  }
  out.timestamp = timestamp;
  // Comparisons instead of modulos where they suffice: a modulo of doubles is a call into C, and this runs per row.
  let phase = timestamp % periodMs;
  if (phase < 0) {
    phase += periodMs;
  }
  const position = (phase * slots) / periodMs - 0.5;
  const base = Math.floor(position);
  out.first = base < 0 ? slots - 1 : base;
  out.second = out.first === slots - 1 ? 0 : out.first + 1;
  out.weight = position - base;
}

/**
 * A profile's slot means as they were at one moment, kept while the profile learns on: the shape a reference
 * follows without following what the profile learns afterwards. Slots that could not predict then are NaN.
 */
export class FrozenProfile {
  private readonly position: SlotPosition = unlocated();

  constructor(
    private readonly mean: Float64Array,
    readonly periodMs: number
  ) {}

  expected(timestamp: number): number {
    locate(this.mean.length, this.periodMs, timestamp, this.position);
    const { first, second, weight } = this.position;
    return (1 - weight) * this.mean[first] + weight * this.mean[second];
  }

  toState(): FrozenProfileState {
    return { periodMs: this.periodMs, mean: float64ToBase64(this.mean) };
  }

  static fromState(state: FrozenProfileState): FrozenProfile {
    return new FrozenProfile(base64ToFloat64(state.mean), state.periodMs);
  }
}

/**
 * The expected value by time of day (or of week, with a week as the period): a mean per slot, interpolated linearly between the two nearest slot centres
 * (so a 1-minute series does not see a step at every slot boundary), keyed by the timestamp (so irregular steps and
 * gaps land in the right place). Learning nudges both neighbouring slots by their share of the prediction error.
 */
export class SeasonalProfile {
  private readonly mean: Float64Array;
  private readonly count: Float64Array;
  private lastMs = NaN;
  /** The share of a reference step and the learning rate of the last elapsed time (a cache: steps repeat). */
  private elapsed = NaN;
  private share = 1;
  private rate: number;

  constructor(
    readonly slots: number,
    readonly alpha: number,
    readonly periodMs: number = DAY_MS
  ) {
    this.mean = new Float64Array(slots);
    this.count = new Float64Array(slots);
    this.rate = alpha;
  }

  /** True until the first value is learned: such a profile need not be stored. */
  get empty(): boolean {
    return this.count.every((weight) => weight === 0);
  }

  /** The two slots around the last timestamp asked for (a field, to allocate nothing per row). */
  private readonly position: SlotPosition = unlocated();

  /** The expected value once both neighbouring slots have `minSamples` worth of values, else NaN. */
  expected(timestamp: number, minSamples: number): number {
    locate(this.slots, this.periodMs, timestamp, this.position);
    const { first: a, second: b, weight } = this.position;
    if (this.count[a] < minSamples || this.count[b] < minSamples) {
      return NaN;
    }
    return (1 - weight) * this.mean[a] + weight * this.mean[b];
  }

  /**
   * Nudges the two slots around the timestamp towards the value by `alpha` of the error, or less for a step finer
   * than PROFILE_REFERENCE_STEP_MS (the value then also counts as that share of a sample).
   */
  learn(timestamp: number, value: number): void {
    const elapsed = Number.isNaN(this.lastMs) ? PROFILE_REFERENCE_STEP_MS : timestamp - this.lastMs;
    this.lastMs = timestamp;
    if (elapsed !== this.elapsed) {
      this.elapsed = elapsed;
      this.share = Math.min(1, Math.max(0, elapsed / PROFILE_REFERENCE_STEP_MS));
      this.rate = this.share === 1 ? this.alpha : 1 - Math.pow(1 - this.alpha, this.share);
    }
    locate(this.slots, this.periodMs, timestamp, this.position);
    const { first: a, second: b, weight } = this.position;
    if (this.count[a] === 0) {
      this.mean[a] = value;
    }
    if (this.count[b] === 0) {
      this.mean[b] = value;
    }
    const error = value - ((1 - weight) * this.mean[a] + weight * this.mean[b]);
    this.mean[a] += this.rate * (1 - weight) * error;
    this.mean[b] += this.rate * weight * error;
    this.count[a] += this.share * (1 - weight);
    this.count[b] += this.share * weight;
  }

  /** The slot means as they are now (NaN for slots short of `minSamples`), for a reference that must not learn. */
  freeze(minSamples: number): FrozenProfile {
    return new FrozenProfile(
      this.mean.map((mean, slot) => (this.count[slot] < minSamples ? NaN : mean)),
      this.periodMs
    );
  }

  /** The state, for a profile read with at most `minSamples` (counts beyond it are stored as it). */
  toState(minSamples: number): SeasonalProfileState {
    return {
      periodMs: this.periodMs,
      slots: this.slots,
      alpha: this.alpha,
      mean: float64ToBase64(this.mean),
      count: Array.from(this.count, (count) => Math.min(count, minSamples)),
      lastMs: toExactNumber(this.lastMs),
    };
  }

  static fromState(state: z.output<typeof seasonalProfileStateSchema>): SeasonalProfile {
    const mean = base64ToFloat64(state.mean);
    const count = state.count;
    if (mean.length !== state.slots || count.length !== state.slots) {
      throw new Error(`seasonal profile of ${state.slots} slots holds ${mean.length} means and ${count.length} counts`);
    }
    const profile = new SeasonalProfile(state.slots, state.alpha, state.periodMs);
    profile.mean.set(mean);
    profile.count.set(count);
    profile.lastMs = state.lastMs;
    return profile;
  }
}
