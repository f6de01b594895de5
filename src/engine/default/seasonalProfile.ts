import { z } from 'zod';
import { base64ToFloat64, float64ToBase64 } from '../util/base64';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Serialised SeasonalProfile: slot means and sample weights as base64 Float64. */
export const seasonalProfileStateSchema = z.object({
  periodMs: z.number().positive(),
  slots: z.number().int().positive(),
  alpha: z.number(),
  mean: z.string(),
  count: z.string(),
});

export type SeasonalProfileState = z.infer<typeof seasonalProfileStateSchema>;

/**
 * The expected value by time of day (or of week, with a week as the period): a mean per slot, interpolated linearly between the two nearest slot centres
 * (so a 1-minute series does not see a step at every slot boundary), keyed by the timestamp (so irregular steps and
 * gaps land in the right place). Learning nudges both neighbouring slots by their share of the prediction error.
 */
export class SeasonalProfile {
  private readonly mean: Float64Array;
  private readonly count: Float64Array;

  constructor(
    readonly slots: number,
    readonly alpha: number,
    readonly periodMs: number = DAY_MS
  ) {
    this.mean = new Float64Array(slots);
    this.count = new Float64Array(slots);
  }

  /** True until the first value is learned: such a profile need not be stored. */
  get empty(): boolean {
    return this.count.every((weight) => weight === 0);
  }

  /** Set by locate(): the two slots around a timestamp and the weight of the second (fields, to allocate nothing). */
  private first = 0;
  private second = 0;
  private weight = 0;

  private locate(timestamp: number): void {
    const phase = ((timestamp % this.periodMs) + this.periodMs) % this.periodMs;
    const position = (phase * this.slots) / this.periodMs - 0.5;
    const base = Math.floor(position);
    this.first = (base + this.slots) % this.slots;
    this.second = (this.first + 1) % this.slots;
    this.weight = position - base;
  }

  /** The expected value once both neighbouring slots have `minSamples` worth of values, else NaN. */
  expected(timestamp: number, minSamples: number): number {
    this.locate(timestamp);
    const a = this.first;
    const b = this.second;
    const weight = this.weight;
    if (this.count[a] < minSamples || this.count[b] < minSamples) {
      return NaN;
    }
    return (1 - weight) * this.mean[a] + weight * this.mean[b];
  }

  learn(timestamp: number, value: number): void {
    this.locate(timestamp);
    const a = this.first;
    const b = this.second;
    const weight = this.weight;
    if (this.count[a] === 0) {
      this.mean[a] = value;
    }
    if (this.count[b] === 0) {
      this.mean[b] = value;
    }
    const error = value - ((1 - weight) * this.mean[a] + weight * this.mean[b]);
    this.mean[a] += this.alpha * (1 - weight) * error;
    this.mean[b] += this.alpha * weight * error;
    this.count[a] += 1 - weight;
    this.count[b] += weight;
  }

  toState(): SeasonalProfileState {
    return {
      periodMs: this.periodMs,
      slots: this.slots,
      alpha: this.alpha,
      mean: float64ToBase64(this.mean),
      count: float64ToBase64(this.count),
    };
  }

  static fromState(state: SeasonalProfileState): SeasonalProfile {
    const mean = base64ToFloat64(state.mean);
    const count = base64ToFloat64(state.count);
    if (mean.length !== state.slots || count.length !== state.slots) {
      throw new Error(`seasonal profile of ${state.slots} slots holds ${mean.length} means and ${count.length} counts`);
    }
    const profile = new SeasonalProfile(state.slots, state.alpha, state.periodMs);
    profile.mean.set(mean);
    profile.count.set(count);
    return profile;
  }
}
