const DAY_MS = 86_400_000;

export interface SeasonalProfileState {
  slots: number;
  alpha: number;
  mean: number[];
  count: number[];
}

/**
 * The expected value for each time-of-day slot: an exponentially weighted mean of the values seen in that slot,
 * keyed by the timestamp (so irregular steps and gaps land in the right slot).
 */
export class SeasonalProfile {
  private readonly mean: Float64Array;
  private readonly count: Float64Array;

  constructor(
    readonly slots: number,
    readonly alpha: number
  ) {
    this.mean = new Float64Array(slots);
    this.count = new Float64Array(slots);
  }

  slotOf(timestamp: number): number {
    const timeOfDay = ((timestamp % DAY_MS) + DAY_MS) % DAY_MS;
    return Math.min(this.slots - 1, Math.floor((timeOfDay * this.slots) / DAY_MS));
  }

  /** The slot's expected value once it has seen `minSamples` values, else NaN. */
  expected(timestamp: number, minSamples: number): number {
    const slot = this.slotOf(timestamp);
    return this.count[slot] >= minSamples ? this.mean[slot] : NaN;
  }

  learn(timestamp: number, value: number): void {
    const slot = this.slotOf(timestamp);
    this.mean[slot] = this.count[slot] === 0 ? value : this.mean[slot] + this.alpha * (value - this.mean[slot]);
    this.count[slot]++;
  }

  toState(): SeasonalProfileState {
    return { slots: this.slots, alpha: this.alpha, mean: Array.from(this.mean), count: Array.from(this.count) };
  }

  static fromState(state: SeasonalProfileState): SeasonalProfile {
    const profile = new SeasonalProfile(state.slots, state.alpha);
    profile.mean.set(state.mean);
    profile.count.set(state.count);
    return profile;
  }
}
