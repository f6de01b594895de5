import { z } from 'zod';
import { EPISODE_GAP_STEPS } from '../evaluation/episodes';
import { exactNumberSchema, toExactNumber } from './exactNumber';
import { surpriseDigits } from './tailProbability';

/**
 * Excursions start at this many standard deviations: a normal series goes there about once in 30,000 rows per side,
 * so a calm series collects next to no excursions and keeps its normal tail.
 */
export const ROUTINE_BASE_SD = 4;
/** The memory of the excursions, in windows of the detector: spikes a few times a week are still counted a week later. */
export const ROUTINE_MEMORY_WINDOWS = 4;
/** One-sided 95% normal quantile: the count and the steepness of the tail are both taken at their cautious bound. */
const CAUTION = 1.645;

export const routineTailStateSchema = z.object({
  /** Rows seen, exponentially weighted like the excursions. */
  rows: exactNumberSchema,
  /** Per side (below, above): the weighted count of closed excursions, and the weighted sum of ln(peak / base). */
  count: z.tuple([exactNumberSchema, exactNumberSchema]),
  logExcess: z.tuple([exactNumberSchema, exactNumberSchema]),
  /** Per side: the peak |z| of the excursion under way (0 when none) and the rows since it last passed the base. */
  peak: z.tuple([exactNumberSchema, exactNumberSchema]),
  quiet: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});

export type RoutineTailState = z.input<typeof routineTailStateSchema>;

type Pair = [number, number];

/**
 * How often this series itself produces standardised residuals of a given size, per side, so that what it does
 * routinely stops being surprising. An excursion is a run of residuals beyond ROUTINE_BASE_SD (rows at most
 * EPISODE_GAP_STEPS apart join, so a burst is one excursion, counted by its peak). The excursions' peaks are taken
 * as a power-law tail (Hill's estimator of its index from ln(peak / base)), so a series with heavy-tailed spikes
 * learns how rare its largest ones are from its many moderate ones.
 *
 * The series' own tail probability of |z| is (k_low / rows) x (|z| / base)^-alpha_high: k_low is the count's
 * one-sided 95% lower bound (k - 1.645 sqrt(k), nothing below three excursions) and alpha_high the index's upper
 * bound (alpha (1 + 1.645 / sqrt(k))), so a few excursions make nothing routine and a tail is never taken heavier
 * than the data show. The surprise of z is the smaller of the normal tail's and this one's. Counts decay with weight
 * 1/memory per row, so a series that stops spiking regains its normal tail.
 */
export class RoutineTail {
  private rows = 0;
  private readonly count: Pair = [0, 0];
  private readonly logExcess: Pair = [0, 0];
  private readonly peak: Pair = [0, 0];
  private readonly quiet: Pair = [0, 0];
  private readonly keep: number;

  constructor(memory: number, state?: z.output<typeof routineTailStateSchema>) {
    this.keep = 1 - 1 / memory;
    if (state) {
      this.rows = state.rows;
      this.count.splice(0, 2, ...state.count);
      this.logExcess.splice(0, 2, ...state.logExcess);
      this.peak.splice(0, 2, ...state.peak);
      this.quiet.splice(0, 2, ...state.quiet);
    }
  }

  /** Surprise (decimal digits) of the standardised residual z: the normal tail's, or the series' own if smaller. */
  digits(z: number): number {
    return Math.min(surpriseDigits(Math.abs(z)), this.ownDigits(z));
  }

  /** Learns the residual z (after it was scored). */
  learn(z: number): void {
    this.rows = this.rows * this.keep + 1;
    for (let side = 0; side < 2; side++) {
      this.count[side] *= this.keep;
      this.logExcess[side] *= this.keep;
      const size = side === 0 ? -z : z;
      if (size >= ROUTINE_BASE_SD) {
        this.peak[side] = Math.max(this.peak[side], size);
        this.quiet[side] = 0;
      } else if (this.peak[side] > 0 && ++this.quiet[side] > EPISODE_GAP_STEPS) {
        this.count[side] += 1;
        this.logExcess[side] += Math.log(this.peak[side] / ROUTINE_BASE_SD);
        this.peak[side] = 0;
        this.quiet[side] = 0;
      }
    }
  }

  toState(): RoutineTailState {
    return {
      rows: toExactNumber(this.rows),
      count: [toExactNumber(this.count[0]), toExactNumber(this.count[1])],
      logExcess: [toExactNumber(this.logExcess[0]), toExactNumber(this.logExcess[1])],
      peak: [toExactNumber(this.peak[0]), toExactNumber(this.peak[1])],
      quiet: [this.quiet[0], this.quiet[1]],
    };
  }

  /** -log10 of the series' own tail probability of |z| on z's side; Infinity while it has too few excursions. */
  private ownDigits(z: number): number {
    const side = z < 0 ? 0 : 1;
    const k = this.count[side];
    const lowCount = k - CAUTION * Math.sqrt(k);
    if (!(lowCount > 0) || !(this.logExcess[side] > 0) || z === 0) {
      return Infinity;
    }
    const index = (k / this.logExcess[side]) * (1 + CAUTION / Math.sqrt(k));
    const logTail = Math.log(lowCount / this.rows) - index * Math.log(Math.abs(z) / ROUTINE_BASE_SD);
    return Math.max(0, -logTail / Math.LN10);
  }
}
