/** The last `capacity` (timestamp, value) pairs seen, kept in memory for refits (not persisted). */
export class History {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(timestamp: number, value: number): void {
    const slot = (this.start + this.size) % this.capacity;
    this.times[slot] = timestamp;
    this.values[slot] = value;
    if (this.size < this.capacity) {
      this.size++;
    } else {
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Forgets all but the newest `count` points. */
  keepLast(count: number): void {
    const keep = Math.max(0, Math.min(count, this.size));
    this.start = (this.start + this.size - keep) % this.capacity;
    this.size = keep;
  }

  clear(): void {
    this.start = 0;
    this.size = 0;
  }

  /** Copies of the newest `count` points (all by default), oldest first. */
  tail(count = this.size): { timestamps: Float64Array; values: Float64Array } {
    const take = Math.min(count, this.size);
    const timestamps = new Float64Array(take);
    const values = new Float64Array(take);
    const first = this.start + this.size - take;
    for (let i = 0; i < take; i++) {
      const slot = (first + i) % this.capacity;
      timestamps[i] = this.times[slot];
      values[i] = this.values[slot];
    }
    return { timestamps, values };
  }
}
