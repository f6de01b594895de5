import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../util/base64';
import { decodeExact, decodeTimes, encodeExact, encodeTimes } from '../util/exactNumbers';
import { decodeVarints, encodeVarints } from '../util/varint';

export const historyStateSchema = z.object({
  times: z.string(),
  /** With a quantum: base64 varints of the differences between successive values in quanta. */
  values: z.string(),
  quantum: z.number().positive().optional(),
});
export type HistoryState = z.infer<typeof historyStateSchema>;

/** Values are kept within this many quanta of zero, so every multiple stays an exact integer. */
const MAX_QUANTA = 2 ** 50;

/**
 * The last `capacity` (timestamp, value) pairs seen, for refits. Once a model is fitted, values are
 * rounded to a quantum (a power of two well below the series' noise), so the saved state needs a byte or
 * two per point instead of eight; the rounding happens as points arrive, so a restored detector refits on
 * exactly the values an uninterrupted one would.
 */
export class History {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  private size = 0;
  /** 0 until quantise() is first called: values are kept as they came. */
  private quantum = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(timestamp: number, value: number): void {
    if (this.quantum > 0 && Math.abs(value) / this.quantum > MAX_QUANTA) {
      this.quantise(this.quantum, Math.abs(value));
    }
    const slot = (this.start + this.size) % this.capacity;
    this.times[slot] = timestamp;
    this.values[slot] = this.quantum > 0 ? this.round(value) : value;
    if (this.size < this.capacity) {
      this.size++;
    } else {
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /**
   * Rounds every value, now and from now on, to multiples of the largest power of two at most `step`
   * (larger when a value, or `incoming`, would otherwise be more than 2^50 quanta from zero).
   */
  quantise(step: number, incoming = 0): void {
    let largest = incoming;
    for (let i = 0; i < this.size; i++) {
      largest = Math.max(largest, Math.abs(this.values[(this.start + i) % this.capacity]));
    }
    const wanted = Math.max(step, largest / MAX_QUANTA, Number.MIN_VALUE);
    this.quantum = 2 ** Math.floor(Math.log2(wanted));
    if (largest / this.quantum > MAX_QUANTA) {
      this.quantum *= 2;
    }
    for (let i = 0; i < this.size; i++) {
      const slot = (this.start + i) % this.capacity;
      this.values[slot] = this.round(this.values[slot]);
    }
  }

  private round(value: number): number {
    return Math.round(value / this.quantum) * this.quantum;
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
    this.quantum = 0;
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
    const times = encodeTimes(timestamps);
    if (this.quantum === 0) {
      return { times, values: encodeExact(values) };
    }
    const steps = new Float64Array(values.length);
    let previous = 0;
    for (let i = 0; i < values.length; i++) {
      const quanta = values[i] / this.quantum;
      steps[i] = quanta - previous;
      previous = quanta;
    }
    return { times, values: bytesToBase64(encodeVarints(steps)), quantum: this.quantum };
  }

  static fromState(input: HistoryState, capacity: number): History {
    const times = decodeTimes(input.times);
    const values = input.quantum === undefined ? decodeExact(input.values) : dequantise(input.values, input.quantum);
    if (times.length !== values.length || times.length > capacity) {
      throw new Error(`history holds ${times.length} times and ${values.length} values for ${capacity} slots`);
    }
    const history = new History(capacity);
    history.quantum = input.quantum ?? 0;
    for (let i = 0; i < times.length; i++) {
      history.push(times[i], values[i]);
    }
    return history;
  }
}

function dequantise(text: string, quantum: number): Float64Array {
  if (2 ** Math.round(Math.log2(quantum)) !== quantum) {
    throw new Error(`history quantum ${quantum} is not a power of two`);
  }
  const steps = decodeVarints(base64ToBytes(text));
  const values = new Float64Array(steps.length);
  let quanta = 0;
  for (let i = 0; i < steps.length; i++) {
    quanta += steps[i];
    values[i] = quanta * quantum;
  }
  return values;
}
