import { z } from 'zod';
import { base64ToFloat64, float64ToBase64 } from '../util/base64';
import { MAD_TO_SIGMA, madOfSorted, medianOfSorted } from '../util/robust';
import { lowerBound } from '../util/sortedSearch';

/**
 * The last `capacity` values of a stream with their running mean and standard deviation (sums
 * are recomputed from scratch every time the ring wraps, so rounding does not pile up) and a
 * sorted copy for the running median and MAD. Its state (ring, sums) restores it exactly.
 */
export class RecentWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private start = 0;
  private size = 0;
  private sum = 0;
  private sumSquares = 0;
  private shift = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`rolling window must be an integer >= 2, got ${capacity}`);
    }
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Values oldest first. */
  values(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      out[i] = this.ring[(this.start + i) % this.capacity];
    }
    return out;
  }

  last(): number {
    return this.size > 0 ? this.ring[(this.start + this.size - 1) % this.capacity] : NaN;
  }

  push(value: number): void {
    if (this.size === this.capacity) {
      const oldest = this.ring[this.start];
      this.removeSorted(oldest);
      this.ring[this.start] = value;
      this.start = (this.start + 1) % this.capacity;
      if (this.start === 0) {
        this.recomputeSums();
      } else {
        this.sum += value - this.shift - (oldest - this.shift);
        this.sumSquares += (value - this.shift) ** 2 - (oldest - this.shift) ** 2;
      }
    } else {
      if (this.size === 0) {
        this.shift = value;
      }
      this.ring[(this.start + this.size) % this.capacity] = value;
      this.size++;
      this.sum += value - this.shift;
      this.sumSquares += (value - this.shift) ** 2;
    }
    this.insertSorted(value);
  }

  private recomputeSums(): void {
    this.shift = this.ring[this.start];
    this.sum = 0;
    this.sumSquares = 0;
    for (let i = 0; i < this.size; i++) {
      const centred = this.ring[i] - this.shift;
      this.sum += centred;
      this.sumSquares += centred * centred;
    }
  }

  private insertSorted(value: number): void {
    const count = this.size - 1;
    const at = lowerBound(this.sorted, value, count);
    this.sorted.copyWithin(at + 1, at, count);
    this.sorted[at] = value;
  }

  private removeSorted(value: number): void {
    const at = lowerBound(this.sorted, value, this.size);
    this.sorted.copyWithin(at, at + 1, this.size);
  }

  mean(): number {
    return this.size > 0 ? this.shift + this.sum / this.size : NaN;
  }

  /** Sample standard deviation (0 with fewer than two values). */
  std(): number {
    if (this.size < 2) {
      return 0;
    }
    const variance = (this.sumSquares - (this.sum * this.sum) / this.size) / (this.size - 1);
    return variance > 0 ? Math.sqrt(variance) : 0;
  }

  median(): number {
    return medianOfSorted(this.sorted, this.size);
  }

  /** MAD scaled to a normal sigma. */
  robustScale(center: number): number {
    return MAD_TO_SIGMA * madOfSorted(this.sorted, center, this.size);
  }

  toState(): RecentWindowState {
    return {
      capacity: this.capacity,
      ring: float64ToBase64(this.ring.slice(0, this.size)),
      start: this.start,
      size: this.size,
      shift: this.shift,
      sum: this.sum,
      sumSquares: this.sumSquares,
    };
  }

  static fromState(input: unknown): RecentWindow {
    const state = recentWindowStateSchema.parse(input);
    const window = new RecentWindow(state.capacity);
    const ring = base64ToFloat64(state.ring);
    if (ring.length > state.capacity || state.size > state.capacity || state.start >= state.capacity) {
      throw new Error('rolling window state does not fit its capacity');
    }
    window.ring.set(ring);
    window.start = state.start;
    window.size = state.size;
    window.shift = state.shift;
    window.sum = state.sum;
    window.sumSquares = state.sumSquares;
    const contents = window.values().sort();
    window.sorted.set(contents);
    return window;
  }
}

export const recentWindowStateSchema = z.object({
  capacity: z.number().int().min(2),
  ring: z.string(),
  start: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  shift: z.number(),
  sum: z.number(),
  sumSquares: z.number(),
});
export type RecentWindowState = z.infer<typeof recentWindowStateSchema>;
