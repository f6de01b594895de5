import { z } from 'zod';
import { base64ToFloat64, float64ToBase64 } from '../util/base64';

export interface AdwinOptions {
  /** Confidence: a cut is declared when the two sub-windows differ with probability > 1 - delta (default 0.002). */
  delta?: number;
  /** Buckets kept per size class before two are merged (default 5). */
  maxBuckets?: number;
  /** Cuts are checked every `clock` inserts (default 32). */
  clock?: number;
  /** Smallest sub-window on either side of a cut (default 5). */
  minWindow?: number;
  /** Items beyond which the oldest bucket is dropped, so that memory stops growing (default: no limit). */
  maxWidth?: number;
}

export const adwinStateSchema = z.object({
  delta: z.number(),
  maxBuckets: z.number().int().positive(),
  clock: z.number().int().positive(),
  minWindow: z.number().int().positive(),
  maxWidth: z.number().int().positive().optional(),
  rowCounts: z.array(z.number().int().nonnegative()),
  /** Every bucket's sum and variance, row by row, oldest first, as base64 Float64 (exact, and shorter than JSON numbers). */
  totals: z.string(),
  variances: z.string(),
  width: z.number().nonnegative(),
  total: z.number(),
  variance: z.number(),
  ticks: z.number().int().nonnegative(),
  detections: z.number().int().nonnegative(),
});
export type AdwinState = z.infer<typeof adwinStateSchema>;

/**
 * ADWIN (Bifet & Gavaldà 2007): an adaptive window over a stream, kept as an exponential histogram
 * (row r holds up to maxBuckets buckets of 2^r items: O(log W) memory). When two sub-windows' means
 * differ by more than the bound for `delta`, the older part is dropped and a drift is reported.
 * The bound's range term assumes values of order one: feed standardised values.
 */
export class Adwin {
  readonly delta: number;
  readonly maxBuckets: number;
  readonly clock: number;
  readonly minWindow: number;
  readonly maxWidth: number;
  /** Per row (size class), its buckets oldest first: counts of buckets, then sums and variances (sum of squared deviations). */
  private rowCounts: number[] = [];
  private totals: number[][] = [];
  private variances: number[][] = [];
  private widthValue = 0;
  private total = 0;
  private varianceSum = 0;
  private ticks = 0;
  detections = 0;

  constructor(options: AdwinOptions = {}) {
    this.delta = options.delta ?? 0.002;
    this.maxBuckets = options.maxBuckets ?? 5;
    this.clock = options.clock ?? 32;
    this.minWindow = options.minWindow ?? 5;
    this.maxWidth = options.maxWidth ?? Infinity;
    if (!(this.delta > 0 && this.delta < 1)) {
      throw new RangeError(`ADWIN delta must be in (0, 1), got ${this.delta}`);
    }
  }

  /** Items in the current window. */
  get width(): number {
    return this.widthValue;
  }

  get mean(): number {
    return this.widthValue > 0 ? this.total / this.widthValue : 0;
  }

  /** Adds one value; returns true when a drift was detected (the window then holds the recent part only). */
  update(value: number): boolean {
    if (!Number.isFinite(value)) {
      return false;
    }
    this.insert(value);
    while (this.widthValue > this.maxWidth) {
      this.dropOldest();
    }
    this.ticks++;
    if (this.ticks % this.clock !== 0 || this.widthValue < 2 * this.minWindow) {
      return false;
    }
    let drifted = false;
    while (this.cutFound()) {
      this.dropOldest();
      drifted = true;
    }
    if (drifted) {
      this.detections++;
    }
    return drifted;
  }

  private insert(value: number): void {
    if (this.rowCounts.length === 0) {
      this.addRow();
    }
    if (this.widthValue > 0) {
      const mean = this.total / this.widthValue;
      this.varianceSum += ((value - mean) * (value - mean) * this.widthValue) / (this.widthValue + 1);
    }
    this.widthValue++;
    this.total += value;
    this.totals[0].push(value);
    this.variances[0].push(0);
    this.rowCounts[0]++;
    for (let row = 0; row < this.rowCounts.length; row++) {
      if (this.rowCounts[row] <= this.maxBuckets) {
        break;
      }
      if (row + 1 === this.rowCounts.length) {
        this.addRow();
      }
      const size = 2 ** row;
      const sum1 = this.totals[row].shift()!;
      const var1 = this.variances[row].shift()!;
      const sum2 = this.totals[row].shift()!;
      const var2 = this.variances[row].shift()!;
      this.rowCounts[row] -= 2;
      const meanDifference = sum1 / size - sum2 / size;
      this.totals[row + 1].push(sum1 + sum2);
      this.variances[row + 1].push(var1 + var2 + (size * size * meanDifference * meanDifference) / (2 * size));
      this.rowCounts[row + 1]++;
    }
  }

  private addRow(): void {
    this.rowCounts.push(0);
    this.totals.push([]);
    this.variances.push([]);
  }

  /** Checks every bucket boundary, oldest part first; true when some cut separates different means. */
  private cutFound(): boolean {
    const width = this.widthValue;
    if (width < 2 * this.minWindow) {
      return false;
    }
    const windowVariance = this.varianceSum / width;
    const logTerm = Math.log((2 * Math.log(width)) / this.delta);
    let olderCount = 0;
    let olderSum = 0;
    for (let row = this.rowCounts.length - 1; row >= 0; row--) {
      const size = 2 ** row;
      for (let b = 0; b < this.rowCounts[row]; b++) {
        olderCount += size;
        olderSum += this.totals[row][b];
        const newerCount = width - olderCount;
        if (newerCount < this.minWindow) {
          return false;
        }
        if (olderCount < this.minWindow) {
          continue;
        }
        const harmonic = 1 / (1 / olderCount + 1 / newerCount);
        const bound = Math.sqrt((2 / harmonic) * windowVariance * logTerm) + (2 / (3 * harmonic)) * logTerm;
        const difference = Math.abs(olderSum / olderCount - (this.total - olderSum) / newerCount);
        if (difference > bound) {
          return true;
        }
      }
    }
    return false;
  }

  private dropOldest(): void {
    const row = this.rowCounts.length - 1;
    const size = 2 ** row;
    const sum = this.totals[row].shift()!;
    const variance = this.variances[row].shift()!;
    this.rowCounts[row]--;
    const restCount = this.widthValue - size;
    if (restCount > 0) {
      const restMean = (this.total - sum) / restCount;
      const difference = sum / size - restMean;
      this.varianceSum -= variance + ((size * restCount) / this.widthValue) * difference * difference;
      this.varianceSum = Math.max(0, this.varianceSum);
    } else {
      this.varianceSum = 0;
    }
    this.widthValue = restCount;
    this.total -= sum;
    while (this.rowCounts.length > 0 && this.rowCounts[this.rowCounts.length - 1] === 0) {
      this.rowCounts.pop();
      this.totals.pop();
      this.variances.pop();
    }
  }

  /** Number of buckets held (grows with log W). */
  get bucketCount(): number {
    return this.rowCounts.reduce((sum, count) => sum + count, 0);
  }

  toState(): AdwinState {
    return {
      delta: this.delta,
      maxBuckets: this.maxBuckets,
      clock: this.clock,
      minWindow: this.minWindow,
      ...(Number.isFinite(this.maxWidth) ? { maxWidth: this.maxWidth } : {}),
      rowCounts: [...this.rowCounts],
      totals: float64ToBase64(Float64Array.from(this.totals.flat())),
      variances: float64ToBase64(Float64Array.from(this.variances.flat())),
      width: this.widthValue,
      total: this.total,
      variance: this.varianceSum,
      ticks: this.ticks,
      detections: this.detections,
    };
  }

  static fromState(input: unknown): Adwin {
    const state = adwinStateSchema.parse(input);
    const adwin = new Adwin(state);
    const totals = base64ToFloat64(state.totals);
    const variances = base64ToFloat64(state.variances);
    const bucketTotal = state.rowCounts.reduce((sum, count) => sum + count, 0);
    if (bucketTotal !== totals.length || bucketTotal !== variances.length) {
      throw new Error('ADWIN state: bucket arrays disagree with row counts');
    }
    let offset = 0;
    for (const count of state.rowCounts) {
      adwin.rowCounts.push(count);
      adwin.totals.push(Array.from(totals.subarray(offset, offset + count)));
      adwin.variances.push(Array.from(variances.subarray(offset, offset + count)));
      offset += count;
    }
    adwin.widthValue = state.width;
    adwin.total = state.total;
    adwin.varianceSum = state.variance;
    adwin.ticks = state.ticks;
    adwin.detections = state.detections;
    return adwin;
  }
}
