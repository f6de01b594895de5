/**
 * The largest of the last `capacity` non-negative values (0 when empty, NaN while a NaN is among them): what a loop
 * of Math.max from 0 over the window gives, in O(1) per push except when the maximum itself leaves the window. Each
 * value may carry a time, and the values older than a given time can be dropped from the front.
 */
export class RecentMax {
  private readonly buffer: Float64Array;
  private readonly times: Float64Array;
  private start = 0;
  private length = 0;
  private largest = 0;
  private nans = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Float64Array(Math.max(1, capacity));
    this.times = new Float64Array(Math.max(1, capacity));
  }

  get max(): number {
    return this.nans > 0 ? NaN : this.largest;
  }

  get size(): number {
    return this.length;
  }

  /** The time of the oldest value (NaN when empty or when it has none). */
  get oldestTime(): number {
    return this.length > 0 ? this.times[this.start] : NaN;
  }

  push(value: number, time = NaN): void {
    // When full, the oldest value leaves first and the new one takes its place.
    const rescan = this.length === this.capacity && this.dropOldest();
    const end = this.at(this.length);
    this.buffer[end] = value;
    this.times[end] = time;
    this.length++;
    if (Number.isNaN(value)) {
      this.nans++;
    }
    if (rescan) {
      this.rescan();
    } else if (value > this.largest) {
      this.largest = value;
    }
  }

  /** Drops the oldest values while their time is before `time` (a value without a time, NaN, stays). */
  dropBefore(time: number): void {
    let rescan = false;
    while (this.length > 0 && this.times[this.start] < time) {
      rescan = this.dropOldest() || rescan;
    }
    if (rescan) {
      this.rescan();
    }
  }

  /** The values, oldest first. */
  toArray(): number[] {
    return Array.from({ length: this.length }, (_, k) => this.buffer[this.at(k)]);
  }

  /** The values' times, oldest first. */
  timesToArray(): number[] {
    return Array.from({ length: this.length }, (_, k) => this.times[this.at(k)]);
  }

  static from(capacity: number, values: ArrayLike<number>, times?: ArrayLike<number>): RecentMax {
    const recent = new RecentMax(capacity);
    const skip = Math.max(0, values.length - capacity);
    for (let k = skip; k < values.length; k++) {
      recent.push(values[k], times ? times[k] : NaN);
    }
    return recent;
  }

  /** The buffer index of the k-th value, oldest first. */
  private at(k: number): number {
    const index = this.start + k;
    return index >= this.capacity ? index - this.capacity : index;
  }

  /** Takes the oldest value out of the window; true when it was the maximum and the rest must be scanned. */
  private dropOldest(): boolean {
    const old = this.buffer[this.start];
    this.start = this.at(1);
    this.length--;
    if (Number.isNaN(old)) {
      this.nans--;
      return false;
    }
    return old === this.largest && old > 0;
  }

  private rescan(): void {
    let largest = 0;
    for (let k = 0; k < this.length; k++) {
      const value = this.buffer[this.at(k)];
      if (value > largest) {
        largest = value;
      }
    }
    this.largest = largest;
  }
}
