import { z } from 'zod';
import { decodeExact, encodeExact } from '../util/exactNumbers';
import { lowerBound } from '../util/sortedSearch';

/** Share of the calibration set above which the tail is modelled rather than counted. */
const TAIL_SHARE = 0.1;

export const conformalTailStateSchema = z.object({
  /** The calibration scores, oldest first (encodeExact). */
  scores: z.string(),
});

/**
 * How unusual a non-conformity score is against the last `capacity` ones (the calibration set), as a tail
 * probability. Inside the set it is the conformal p-value (count of calibration scores at or above it, plus one,
 * over the set size plus one). Beyond the top tenth of the set, where counting runs out of resolution, the tail is
 * extrapolated as an exponential over the mean excess of that top tenth (peaks over threshold with a zero shape),
 * so a score far above everything seen keeps getting less probable instead of stopping at 1/(n+1).
 */
export class ConformalTail {
  private readonly buffer: Float64Array;
  private readonly sorted: Float64Array;
  private start = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Tail probability of `score` in (0, 1]; 1 while the calibration set is empty. */
  tailProbability(score: number): number {
    const n = this.length;
    if (n === 0) {
      return 1;
    }
    const sorted = this.sorted.subarray(0, n);
    const tailCount = Math.max(2, Math.ceil(TAIL_SHARE * n));
    const threshold = sorted[n - tailCount];
    if (score > threshold && tailCount < n) {
      let excess = 0;
      for (let k = n - tailCount; k < n; k++) {
        excess += sorted[k] - threshold;
      }
      const meanExcess = excess / tailCount;
      if (meanExcess > 0 && Number.isFinite(meanExcess)) {
        // Never exactly 0: an infinite score stays the most surprising one rather than a NaN score.
        return Math.max(Number.MIN_VALUE, (tailCount / (n + 1)) * Math.exp(-(score - threshold) / meanExcess));
      }
      return score > sorted[n - 1] ? 1 / (n + 1) : (tailCount / (n + 1)) * 0.5;
    }
    return (n - lowerBound(sorted, score) + 1) / (n + 1);
  }

  push(score: number): void {
    if (this.length === this.capacity) {
      const old = this.buffer[this.start];
      this.buffer[this.start] = score;
      this.start = (this.start + 1) % this.capacity;
      this.replaceSorted(old, score);
      return;
    }
    this.buffer[(this.start + this.length) % this.capacity] = score;
    this.length++;
    this.insertSorted(score, this.length - 1);
  }

  toState(): z.input<typeof conformalTailStateSchema> {
    const scores = new Float64Array(this.length);
    for (let k = 0; k < this.length; k++) {
      scores[k] = this.buffer[(this.start + k) % this.capacity];
    }
    return { scores: encodeExact(scores) };
  }

  static fromState(capacity: number, state: z.output<typeof conformalTailStateSchema>): ConformalTail {
    const scores = decodeExact(state.scores);
    if (scores.length > capacity) {
      throw new Error(`calibration set holds ${scores.length} scores, more than its capacity ${capacity}`);
    }
    const tail = new ConformalTail(capacity);
    scores.forEach((score) => tail.push(score));
    return tail;
  }

  /** Inserts into sorted[0..used] (used = live entries besides the new one). */
  private insertSorted(score: number, used: number): void {
    const sorted = this.sorted;
    let at = used;
    while (at > 0 && sorted[at - 1] > score) {
      sorted[at] = sorted[at - 1];
      at--;
    }
    sorted[at] = score;
  }

  private replaceSorted(old: number, score: number): void {
    const sorted = this.sorted;
    const n = this.length;
    let at = lowerBound(sorted, old, n);
    // Remove `old` by shifting left, then insert `score` into the n-1 remaining values.
    for (; at < n - 1; at++) {
      sorted[at] = sorted[at + 1];
    }
    this.insertSorted(score, n - 1);
  }
}
