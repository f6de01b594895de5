/** The last `capacity` peaks (excesses over the initial threshold), oldest first when read. */
export class PeakBuffer {
  private readonly buffer: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(peak: number): void {
    this.buffer[this.next] = peak;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The peaks held, oldest first (a copy). */
  toArray(): Float64Array {
    const peaks = new Float64Array(this.count);
    const start = this.count < this.capacity ? 0 : this.next;
    for (let k = 0; k < this.count; k++) {
      peaks[k] = this.buffer[(start + k) % this.capacity];
    }
    return peaks;
  }

  /** The newest `capacity` of `peaks` (oldest first). */
  static from(capacity: number, peaks: ArrayLike<number>): PeakBuffer {
    const buffer = new PeakBuffer(capacity);
    for (let k = Math.max(0, peaks.length - capacity); k < peaks.length; k++) {
      buffer.push(peaks[k]);
    }
    return buffer;
  }
}
