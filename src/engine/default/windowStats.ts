import { z } from 'zod';
import { base64ToFloat64, float64ToBase64 } from '../util/base64';
import { exactNumberSchema, toExactNumber } from './exactNumber';

/** Serialised WindowStats: every field, so a restored window continues bit for bit; the live buffer as base64 Float64. */
export const windowStatsStateSchema = z.object({
  capacity: z.number().int().positive(),
  buffer: z.string(),
  next: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  sum: exactNumberSchema,
  sumSquares: exactNumberSchema,
  pushesSinceResum: z.number().int().nonnegative(),
});

export type WindowStatsState = z.input<typeof windowStatsStateSchema>;

/** First allocation of a window's buffer: most series are scored long before a 4000-row window fills. */
const INITIAL_BUFFER = 256;

/** Mean and variance over the last `capacity` values pushed (a ring buffer with running sums, grown as it fills). */
export class WindowStats {
  private buffer: Float64Array;
  private next = 0;
  private count = 0;
  private sum = 0;
  private sumSquares = 0;
  private pushesSinceResum = 0;

  constructor(
    readonly capacity: number,
    initialLength = INITIAL_BUFFER
  ) {
    this.buffer = new Float64Array(Math.min(capacity, initialLength));
  }

  push(value: number): void {
    if (this.count === this.capacity) {
      const old = this.buffer[this.next];
      this.sum -= old;
      this.sumSquares -= old * old;
    } else {
      if (this.count === this.buffer.length) {
        const larger = new Float64Array(Math.min(this.capacity, 2 * this.buffer.length));
        larger.set(this.buffer);
        this.buffer = larger;
      }
      this.count++;
    }
    this.buffer[this.next] = value;
    this.sum += value;
    this.sumSquares += value * value;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (++this.pushesSinceResum >= this.capacity) {
      this.resum();
    }
  }

  get size(): number {
    return this.count;
  }

  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** Population variance (0 for fewer than two values). */
  get variance(): number {
    if (this.count < 2) {
      return 0;
    }
    const mean = this.mean;
    return Math.max(0, this.sumSquares / this.count - mean * mean);
  }

  toState(): WindowStatsState {
    return {
      capacity: this.capacity,
      buffer: float64ToBase64(this.buffer.subarray(0, this.count)),
      next: this.next,
      count: this.count,
      sum: toExactNumber(this.sum),
      sumSquares: toExactNumber(this.sumSquares),
      pushesSinceResum: this.pushesSinceResum,
    };
  }

  static fromState(state: z.output<typeof windowStatsStateSchema>): WindowStats {
    const buffer = base64ToFloat64(state.buffer);
    const filling = state.count < state.capacity;
    if (
      buffer.length !== state.count ||
      state.count > state.capacity ||
      state.next >= state.capacity ||
      (filling && state.next !== state.count)
    ) {
      throw new Error(
        `window of ${state.capacity} holds ${buffer.length} values for a count of ${state.count} (next ${state.next})`
      );
    }
    const stats = new WindowStats(state.capacity, Math.max(INITIAL_BUFFER, buffer.length));
    stats.buffer.set(buffer);
    stats.next = state.next;
    stats.count = state.count;
    stats.sum = state.sum;
    stats.sumSquares = state.sumSquares;
    stats.pushesSinceResum = state.pushesSinceResum;
    return stats;
  }

  /** Recomputes the running sums from the buffer so rounding errors cannot accumulate. */
  private resum(): void {
    this.pushesSinceResum = 0;
    let sum = 0;
    let sumSquares = 0;
    for (let k = 0; k < this.count; k++) {
      const value = this.buffer[k];
      sum += value;
      sumSquares += value * value;
    }
    this.sum = sum;
    this.sumSquares = sumSquares;
  }
}
