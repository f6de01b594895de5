/**
 * The largest of the last `capacity` non-negative values (0 when empty, NaN while a NaN is among them): what a loop
 * of Math.max from 0 over the window gives, in O(1) per push except when the maximum itself leaves the window.
 */
export class RecentMax {
  private readonly buffer: Float64Array;
  private start = 0;
  private length = 0;
  private largest = 0;
  private nans = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Float64Array(Math.max(1, capacity));
  }

  get max(): number {
    return this.nans > 0 ? NaN : this.largest;
  }

  get size(): number {
    return this.length;
  }

  push(value: number): void {
    let rescan = false;
    if (this.length === this.capacity) {
      const old = this.buffer[this.start];
      if (Number.isNaN(old)) {
        this.nans--;
      } else if (old === this.largest && old > 0) {
        rescan = true;
      }
      this.buffer[this.start] = value;
      this.start = this.start + 1 === this.capacity ? 0 : this.start + 1;
    } else {
      const end = this.start + this.length;
      this.buffer[end >= this.capacity ? end - this.capacity : end] = value;
      this.length++;
    }
    if (Number.isNaN(value)) {
      this.nans++;
    }
    if (rescan) {
      this.rescan();
    } else if (value > this.largest) {
      this.largest = value;
    }
  }

  /** The values, oldest first. */
  toArray(): number[] {
    const values = new Array<number>(this.length);
    for (let k = 0; k < this.length; k++) {
      const at = this.start + k;
      values[k] = this.buffer[at >= this.capacity ? at - this.capacity : at];
    }
    return values;
  }

  static from(capacity: number, values: ArrayLike<number>): RecentMax {
    const recent = new RecentMax(capacity);
    const skip = Math.max(0, values.length - capacity);
    for (let k = skip; k < values.length; k++) {
      recent.push(values[k]);
    }
    return recent;
  }

  private rescan(): void {
    let largest = 0;
    for (let k = 0; k < this.length; k++) {
      const value = this.buffer[k];
      if (value > largest) {
        largest = value;
      }
    }
    this.largest = largest;
  }
}
