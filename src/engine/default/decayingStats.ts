import { z } from 'zod';
import { exactNumberSchema, toExactNumber } from './exactNumber';

/** Serialised DecayingStats: the count, mean and variance (exact numbers), whatever the history's length. */
export const decayingStatsStateSchema = z.tuple([z.number().int().nonnegative(), exactNumberSchema, exactNumberSchema]);

export type DecayingStatsState = z.input<typeof decayingStatsStateSchema>;

/**
 * Mean and variance with a memory of about `memory` values, in constant space: a plain running mean and variance
 * until `memory` values are seen, exponentially weighted (weight 1/memory for the newest value) after that. It stands
 * in for a sliding window of the same length: same weight on the recent past, no buffer to keep or store.
 */
export class DecayingStats {
  private count = 0;
  private runningMean = 0;
  private runningVariance = 0;

  constructor(readonly memory: number) {}

  push(value: number): void {
    this.count++;
    const weight = 1 / Math.min(this.count, this.memory);
    const delta = value - this.runningMean;
    this.runningMean += weight * delta;
    this.runningVariance = (1 - weight) * (this.runningVariance + weight * delta * delta);
  }

  get size(): number {
    return this.count;
  }

  get mean(): number {
    return this.runningMean;
  }

  /**
   * Population variance: 0 for fewer than two values, as push leaves it (the first value has weight 1). Read per
   * predictor several times a row: a branch here measurably slowed the default pipeline.
   */
  get variance(): number {
    return this.runningVariance;
  }

  toState(): DecayingStatsState {
    return [this.count, toExactNumber(this.runningMean), toExactNumber(this.runningVariance)];
  }

  static fromState(memory: number, state: z.output<typeof decayingStatsStateSchema>): DecayingStats {
    const stats = new DecayingStats(memory);
    [stats.count, stats.runningMean, stats.runningVariance] = state;
    if (stats.count < 2) {
      stats.runningVariance = 0;
    }
    return stats;
  }
}
