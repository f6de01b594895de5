/** Serialised WindowStats: every field, so a restored window continues bit for bit. */
export interface WindowStatsState {
  capacity: number;
  buffer: number[];
  next: number;
  count: number;
  sum: number;
  sumSquares: number;
  pushesSinceResum: number;
}

/** Mean and variance over the last `capacity` values pushed (a ring buffer with running sums). */
export class WindowStats {
  private readonly buffer: Float64Array;
  private next = 0;
  private count = 0;
  private sum = 0;
  private sumSquares = 0;
  private pushesSinceResum = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Float64Array(capacity);
  }

  push(value: number): void {
    if (this.count === this.capacity) {
      const old = this.buffer[this.next];
      this.sum -= old;
      this.sumSquares -= old * old;
    } else {
      this.count++;
    }
    this.buffer[this.next] = value;
    this.sum += value;
    this.sumSquares += value * value;
    this.next = (this.next + 1) % this.capacity;
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
      buffer: Array.from(this.buffer.subarray(0, this.count === this.capacity ? this.capacity : this.count)),
      next: this.next,
      count: this.count,
      sum: this.sum,
      sumSquares: this.sumSquares,
      pushesSinceResum: this.pushesSinceResum,
    };
  }

  static fromState(state: WindowStatsState): WindowStats {
    const stats = new WindowStats(state.capacity);
    stats.buffer.set(state.buffer);
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
