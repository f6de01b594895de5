import { z } from 'zod';
import { exactNumberSchema, toExactNumber } from './exactNumber';

/** Decimals beyond this count as a continuous value: no resolution to speak of. */
const MAX_RECORDED_DECIMALS = 12;
const CONTINUOUS = MAX_RECORDED_DECIMALS + 1;
/**
 * How far from a whole number a value times 10^k may be and still count as written with k decimals: the error of
 * parsing "0.134" into a double and multiplying it back is about 1e-14 there, and a continuous value lands this
 * close to a whole number by chance about twice in a million tries per k.
 */
const WHOLE_TOLERANCE = 1e-6;
const POWERS_OF_TEN = Array.from({ length: CONTINUOUS }, (_, k) => Math.pow(10, k));

export const valueResolutionStateSchema = z.object({
  /** The most decimals a value has needed (-1 before the first, MAX_RECORDED_DECIMALS + 1 once continuous). */
  decimals: z.number().int().min(-1).max(CONTINUOUS),
  lowest: exactNumberSchema,
  highest: exactNumberSchema,
});

export type ValueResolutionState = z.input<typeof valueResolutionStateSchema>;

function isWrittenWith(size: number, decimals: number): boolean {
  const scaled = size * POWERS_OF_TEN[decimals];
  return Math.abs(scaled - Math.round(scaled)) <= WHOLE_TOLERANCE;
}

/**
 * What the series' values have been, as recorded: the range they covered and the decimals they are written with.
 * Exported and scraped values often carry a fixed number of decimals (a CPU share to the thousandth, a count in
 * whole units), and a series that sits on one value and now and then reads one unit off has a residual spread far
 * below that unit: one unit then spans tens of standard deviations. Within the range already seen, a deviation is
 * not judged finer than one unit of the last decimal (`spreadFloor`); beyond it the value is new ground and is
 * judged as measured, so the first 0 of a series that has only read 1 still stands out. A counter's rate is judged
 * no finer than one unit of the counter over its interval: the decimals are the raw samples', the range the rates'.
 */
export class ValueResolution {
  private decimals = -1;
  private low = Infinity;
  private high = -Infinity;
  /**
   * What one unit of the written values is in the values judged: 1 where they are judged as written, 1 / seconds of
   * the interval for a counter's per-second rate. Set before each row, so not state.
   */
  unitScale = 1;

  constructor(state?: z.output<typeof valueResolutionStateSchema>) {
    if (state) {
      this.decimals = state.decimals;
      this.low = state.lowest;
      this.high = state.highest;
    }
  }

  /** The lowest value seen (Infinity before the first). */
  get lowest(): number {
    return this.low;
  }

  /** The highest value seen (-Infinity before the first). */
  get highest(): number {
    return this.high;
  }

  /** Learns a finite value, judged as it was `written` (a counter's rate passes the raw sample it came from). */
  learn(value: number, written = value): void {
    this.low = Math.min(this.low, value);
    this.high = Math.max(this.high, value);
    if (this.decimals === CONTINUOUS) {
      return;
    }
    const size = Math.abs(written);
    let decimals = Math.max(0, this.decimals);
    while (decimals < CONTINUOUS && !isWrittenWith(size, decimals)) {
      decimals++;
    }
    this.decimals = decimals;
  }

  /** The smallest spread a deviation at `value` is judged with: one unit of the last decimal within the range seen, else 0. */
  spreadFloor(value: number): number {
    if (this.decimals < 0 || this.decimals === CONTINUOUS || value < this.low || value > this.high) {
      return 0;
    }
    return this.unitScale / POWERS_OF_TEN[this.decimals];
  }

  toState(): ValueResolutionState {
    return { decimals: this.decimals, lowest: toExactNumber(this.low), highest: toExactNumber(this.high) };
  }
}
