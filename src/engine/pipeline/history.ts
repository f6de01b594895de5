import { z } from 'zod';
import { decodeExact, decodeTimes, encodeExact, encodeTimes } from '../util/exactNumbers';

export const historyStateSchema = z.object({ times: z.string(), values: z.string() });
export type HistoryState = z.infer<typeof historyStateSchema>;

/**
 * The last `capacity` (timestamp, value) pairs seen, for refits. Saved with the detector's state
 * (bounded by the capacity, compactly encoded) so a restored detector refits exactly as an
 * uninterrupted one would.
 */
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

  toState(): HistoryState {
    const { timestamps, values } = this.tail();
    return { times: encodeTimes(timestamps), values: encodeExact(values) };
  }

  static fromState(input: HistoryState, capacity: number): History {
    const times = decodeTimes(input.times);
    const values = decodeExact(input.values);
    if (times.length !== values.length || times.length > capacity) {
      throw new Error(`history holds ${times.length} times and ${values.length} values for ${capacity} slots`);
    }
    const history = new History(capacity);
    for (let i = 0; i < times.length; i++) {
      history.push(times[i], values[i]);
    }
    return history;
  }
}
