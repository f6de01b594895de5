/**
 * The last `capacity` values of a stream, oldest first. Every value is written twice, `capacity` apart, so the
 * values kept are always contiguous in `buffer`, from `first` to `first + length`: a window over them never wraps.
 */
export class RecentValues {
  readonly buffer: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Float64Array(2 * capacity);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Index in `buffer` of the oldest value kept. */
  get first(): number {
    return this.head + this.capacity - this.count;
  }

  push(value: number): void {
    this.buffer[this.head] = value;
    this.buffer[this.head + this.capacity] = value;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.count < this.capacity) {
      this.count++;
    }
  }

  /** A copy of the values kept, oldest first. */
  toArray(): Float64Array {
    return this.buffer.slice(this.first, this.first + this.count);
  }
}
