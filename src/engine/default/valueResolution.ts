import { z } from 'zod';
import { exactNumberSchema, toExactNumber } from './exactNumber';

/**
 * A value needing more decimals than this, and more significant digits than this, counts as continuous: no
 * resolution to speak of. The significant digits extend the decimals for small values: 3.06e-8 is written with 10
 * decimals as 3.06 is with 2.
 */
const MAX_RECORDED_DIGITS = 12;
/**
 * How far from a whole number a value times 10^k may be and still count as written with k decimals: the error of
 * parsing "0.134" into a double and multiplying it back is about 1e-14 there, and a continuous value lands this
 * close to a whole number by chance about twice in a million tries per k.
 */
const WHOLE_TOLERANCE = 1e-6;
/** 10^k for every k a double's decimals reach (10^308, the largest), then Infinity: no value is whole there. */
const POWERS_OF_TEN = Array.from({ length: 340 }, (_, k) => Number(`1e${k}`));
const NO_DECIMALS_YET = -1;
const CONTINUOUS = Infinity;

export const valueResolutionStateSchema = z.object({
  /** The most decimals a value has needed (-1 before the first value other than 0). */
  decimals: z.union([z.number().int().min(-1).max(308), z.literal('continuous')]),
  lowest: exactNumberSchema,
  highest: exactNumberSchema,
});

export type ValueResolutionState = z.input<typeof valueResolutionStateSchema>;

function isWrittenWith(size: number, decimals: number): boolean {
  const scaled = size * POWERS_OF_TEN[decimals];
  return Math.abs(scaled - Math.round(scaled)) <= WHOLE_TOLERANCE;
}

/** The decimals `size` (positive) needs to write its first significant digit (0 from 1 up). */
function leadingDecimals(size: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(size)));
  // log10 of a power of ten that no double holds exactly (1e-5) can land a rounding error below it.
  return decimals > 0 && size * POWERS_OF_TEN[decimals - 1] >= 1 ? decimals - 1 : decimals;
}

/**
 * What the series' values have been, as recorded: the range they covered and the decimals they are written with.
 * Exported and scraped values often carry a fixed number of decimals (a CPU share to the thousandth, a count in
 * whole units), and a series that sits on one value and now and then reads one unit off has a residual spread far
 * below that unit: one unit then spans tens of standard deviations. Within the range already seen, a deviation is
 * not judged finer than one unit of the last decimal (`spreadFloor`); beyond it the value is new ground and is judged
 * as measured, so the first 0 of a series that has only read 1 still stands out. The decimals are counted from the
 * first value other than 0, from its own first significant digit: a series of values like 3.06e-8 is written with 10
 * decimals, as one of values like 3.06 is with 2 (and a later value within a millionth of a unit of a whole number,
 * 0.30000000000000004 or 1e-17 among values written with 3 decimals, is taken as written with them). A counter's
 * rate is judged no finer than one unit of the counter over its interval: the decimals are the raw samples', the
 * range the rates'.
 */
export class ValueResolution {
  private decimals = NO_DECIMALS_YET;
  private low = Infinity;
  private high = -Infinity;
  /**
   * What one unit of the written values is in the values judged: 1 where they are judged as written, 1 / seconds of
   * the interval for a counter's per-second rate. Set before each row, so not state.
   */
  unitScale = 1;

  constructor(state?: z.output<typeof valueResolutionStateSchema>) {
    if (state) {
      this.decimals = state.decimals === 'continuous' ? CONTINUOUS : state.decimals;
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
    const size = Math.abs(written);
    if (this.decimals === CONTINUOUS || size === 0) {
      return;
    }
    let decimals = this.decimals === NO_DECIMALS_YET ? leadingDecimals(size) : this.decimals;
    if (isWrittenWith(size, decimals)) {
      this.decimals = decimals;
      return;
    }
    const most = Math.max(MAX_RECORDED_DIGITS, leadingDecimals(size) + MAX_RECORDED_DIGITS - 1);
    do {
      decimals++;
    } while (decimals <= most && !isWrittenWith(size, decimals));
    this.decimals = decimals <= most ? decimals : CONTINUOUS;
  }

  /** The smallest spread a deviation at `value` is judged with: one unit of the last decimal within the range seen, else 0. */
  spreadFloor(value: number): number {
    if (this.decimals === NO_DECIMALS_YET || this.decimals === CONTINUOUS || value < this.low || value > this.high) {
      return 0;
    }
    return this.unitScale / POWERS_OF_TEN[this.decimals];
  }

  toState(): ValueResolutionState {
    return {
      decimals: this.decimals === CONTINUOUS ? 'continuous' : this.decimals,
      lowest: toExactNumber(this.low),
      highest: toExactNumber(this.high),
    };
  }
}
