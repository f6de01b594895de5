import { z } from 'zod';
import { base64ToFloat32, base64ToFloat64, float32ToBase64, float64ToBase64 } from '../util/base64';

/**
 * The inputs of a young detector, compactly: timestamps as a start and step when they lie exactly on that grid,
 * values as Float32 when every one is exactly a float32 (integers, halves...), otherwise as Float64.
 */
export const inputLogStateSchema = z.object({
  rows: z.number().int().nonnegative(),
  timestamps: z.union([z.object({ start: z.number(), step: z.number() }), z.string()]),
  values: z.object({ float32: z.string() }).or(z.object({ float64: z.string() })),
});

export type InputLogState = z.input<typeof inputLogStateSchema>;

/**
 * Every (timestamp, value) a detector was fed, up to `limit` rows. While a detector has seen fewer rows than its
 * window, replaying them from scratch rebuilds its state bit for bit, and the rows are far smaller than the windows.
 */
export class InputLog {
  private timestamps: Float64Array = new Float64Array(256);
  private values: Float64Array = new Float64Array(256);
  private rows = 0;

  constructor(readonly limit: number) {}

  get length(): number {
    return this.rows;
  }

  /** Appends a row; false once the log would exceed its limit (the caller then drops it). */
  append(timestamp: number, value: number): boolean {
    if (this.rows >= this.limit) {
      return false;
    }
    if (this.rows === this.timestamps.length) {
      this.timestamps = grow(this.timestamps);
      this.values = grow(this.values);
    }
    this.timestamps[this.rows] = timestamp;
    this.values[this.rows] = value;
    this.rows++;
    return true;
  }

  toState(): InputLogState {
    const timestamps = this.timestamps.subarray(0, this.rows);
    const values = this.values.subarray(0, this.rows);
    const start = this.rows > 0 ? timestamps[0] : 0;
    const step = this.rows > 1 ? timestamps[1] - timestamps[0] : 0;
    const onGrid = timestamps.every((timestamp, i) => Object.is(timestamp, start + i * step));
    const narrow = Float32Array.from(values);
    const exactInFloat32 = narrow.every((value, i) => Object.is(value, values[i]));
    return {
      rows: this.rows,
      timestamps: onGrid ? { start, step } : float64ToBase64(timestamps),
      values: exactInFloat32 ? { float32: float32ToBase64(narrow) } : { float64: float64ToBase64(values) },
    };
  }

  /** Feeds the logged rows, in order, to `action`; throws when the state is inconsistent. */
  static replay(state: z.output<typeof inputLogStateSchema>, action: (timestamp: number, value: number) => void): void {
    const values =
      'float32' in state.values ? base64ToFloat32(state.values.float32) : base64ToFloat64(state.values.float64);
    const timestamps = typeof state.timestamps === 'string' ? base64ToFloat64(state.timestamps) : null;
    if (values.length !== state.rows || (timestamps !== null && timestamps.length !== state.rows)) {
      throw new Error(
        `input log of ${state.rows} rows holds ${timestamps?.length ?? state.rows} timestamps and ${values.length} values`
      );
    }
    const grid = typeof state.timestamps === 'string' ? { start: 0, step: 0 } : state.timestamps;
    for (let i = 0; i < state.rows; i++) {
      action(timestamps ? timestamps[i] : grid.start + i * grid.step, values[i]);
    }
  }
}

function grow(array: Float64Array): Float64Array {
  const larger = new Float64Array(array.length * 2);
  larger.set(array);
  return larger;
}
