import { z } from 'zod';
import { EPISODE_GAP_STEPS } from '../evaluation/episodes';
import { exactNumberSchema, toExactNumber } from './exactNumber';
import { gpdFromMoments, gpdLog10Survival } from '../threshold/generalizedPareto';
import { surpriseDigits } from './tailProbability';

/**
 * Excursions start at this many standard deviations: a normal series goes there about once in 4,300 rows per side
 * (three days at 1-minute steps), so a calm series collects too few excursions in its memory to pass the count's
 * lower bound, and keeps its normal tail.
 */
export const ROUTINE_BASE_SD = 3.5;
/**
 * The default memory of the excursions, in days of the series' own time: routine is what a series does every day.
 * Longer memories silence more of the synthetic bursts and cost NAB's labelled spikes
 * (docs/default-detector-history.md).
 */
export const ROUTINE_MEMORY_DAYS = 1;
/** One-sided 95% normal quantile: the count of excursions is taken at its lower bound. */
const CAUTION = 1.645;
/**
 * The fitted shape is floored at this, keeping the mean excess. Peaks of much the same size (bursts that reach one to
 * three times the load) give moment shapes of -1 to -4, whose end point sits just beyond the largest peak seen, so a
 * burst a little larger regained its full normal surprise. At -0.5 the end point is three times the mean excess
 * beyond the base: a burst of ten times the load is still past it (floors of 0 and -0.25 gave the same figures, -1
 * fewer; docs/default-detector-history.md).
 */
const MIN_SHAPE = -0.5;

export const routineTailStateSchema = z.object({
  /** Rows seen, decayed in time like the excursions. */
  rows: exactNumberSchema,
  /** Timestamp (ms) of the last row learned (NaN before the first). */
  lastMs: exactNumberSchema,
  /** Per side (below, above): the weighted count of closed excursions, and the weighted sums of (peak - base) and its square. */
  count: z.tuple([exactNumberSchema, exactNumberSchema]),
  excess: z.tuple([exactNumberSchema, exactNumberSchema]),
  squaredExcess: z.tuple([exactNumberSchema, exactNumberSchema]),
  /** Per side: the peak |z| of the excursion under way (0 when none) and the rows since it last passed the base. */
  peak: z.tuple([exactNumberSchema, exactNumberSchema]),
  quiet: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});

export type RoutineTailState = z.input<typeof routineTailStateSchema>;

/**
 * How often this series itself produces standardised residuals of a given size, per side, so that what it does
 * routinely stops being surprising. An excursion is a run of residuals beyond a base (ROUTINE_BASE_SD unless the
 * caller sets another; rows at most EPISODE_GAP_STEPS apart join, so a burst is one excursion, counted by its peak).
 * The peaks' excesses over the base are taken as a generalised Pareto tail fitted by moments: a heavy tail (shape
 * above 0: news spikes) makes larger peaks routine too, a bounded one (shape below 0: bursts that reach at most three
 * times the load) ends at its end point (shape at least MIN_SHAPE), and beyond it, as beyond anything far out of a
 * light tail, the normal surprise is back.
 *
 * The series' own tail probability of |z| is (k_low / rows) x P(excess > |z| - base): k_low is the count's one-sided
 * 95% lower bound (k - 1.645 sqrt(k), nothing below three excursions), so a few excursions make nothing routine.
 * The surprise of z is the smaller of the normal tail's and this one's. Rows and sums decay in the series' own time,
 * by exp(-elapsed / memory): only what recurs within about a memory is routine, whatever the step; a gap forgets as
 * much as the time it spans; a series that stops spiking regains its normal tail.
 */
export class RoutineTail {
  private rows = 0;
  private lastMs = NaN;
  /**
   * Per side (below, above). Typed arrays: a literal [0, 0] changes its elements kind at its first fraction, which
   * discards the per-row code V8 has optimised for it (see withFixedShape in defaultScorer.ts).
   */
  private readonly count = new Float64Array(2);
  private readonly excess = new Float64Array(2);
  private readonly squaredExcess = new Float64Array(2);
  private readonly peak = new Float64Array(2);
  private readonly quiet = new Float64Array(2);
  private elapsed = 0;
  private keep = 1;

  /** memoryMs: the time constant of the decay, in the series' time; base: where excursions start, in sd. */
  constructor(
    private readonly memoryMs: number,
    state?: z.output<typeof routineTailStateSchema>,
    private readonly base = ROUTINE_BASE_SD
  ) {
    if (state) {
      this.rows = state.rows;
      this.lastMs = state.lastMs;
      this.count.set(state.count);
      this.excess.set(state.excess);
      this.squaredExcess.set(state.squaredExcess);
      this.peak.set(state.peak);
      this.quiet.set(state.quiet);
    }
  }

  /** Surprise (decimal digits) of the standardised residual z: the normal tail's, or the series' own if smaller. */
  digits(z: number): number {
    return Math.min(surpriseDigits(Math.abs(z)), this.ownDigits(z));
  }

  /**
   * Learns the residual z of the row at timestampMs (after it was scored). Its rare steps are methods of their own:
   * small, it is inlined into the tests that call it every row (docs/benchmark-history.md, "Side by side").
   */
  learn(z: number, timestampMs: number): void {
    const elapsed = Number.isNaN(this.lastMs) ? 0 : Math.max(0, timestampMs - this.lastMs);
    if (elapsed !== this.elapsed) {
      this.decayFor(elapsed);
    }
    const keep = this.keep;
    this.lastMs = timestampMs;
    this.rows = this.rows * keep + 1;
    this.learnSide(0, -z, keep);
    this.learnSide(1, z, keep);
  }

  /** Regular steps repeat the same decay: computed once, not per row (a cache, not state: restores bit for bit). */
  private decayFor(elapsed: number): void {
    this.elapsed = elapsed;
    this.keep = Math.exp(-elapsed / this.memoryMs);
  }

  /** One side's decay and excursion; `size` is the residual's distance from the expected value on that side. */
  private learnSide(side: number, size: number, keep: number): void {
    this.count[side] *= keep;
    this.excess[side] *= keep;
    this.squaredExcess[side] *= keep;
    if (size >= this.base) {
      this.peak[side] = Math.max(this.peak[side], size);
      this.quiet[side] = 0;
    } else if (this.peak[side] > 0 && ++this.quiet[side] > EPISODE_GAP_STEPS) {
      this.closeExcursion(side);
    }
  }

  private closeExcursion(side: number): void {
    this.count[side] += 1;
    const excess = this.peak[side] - this.base;
    this.excess[side] += excess;
    this.squaredExcess[side] += excess * excess;
    this.peak[side] = 0;
    this.quiet[side] = 0;
  }

  toState(): RoutineTailState {
    return {
      rows: toExactNumber(this.rows),
      lastMs: toExactNumber(this.lastMs),
      count: [toExactNumber(this.count[0]), toExactNumber(this.count[1])],
      excess: [toExactNumber(this.excess[0]), toExactNumber(this.excess[1])],
      squaredExcess: [toExactNumber(this.squaredExcess[0]), toExactNumber(this.squaredExcess[1])],
      peak: [toExactNumber(this.peak[0]), toExactNumber(this.peak[1])],
      quiet: [this.quiet[0], this.quiet[1]],
    };
  }

  /** -log10 of the series' own tail probability of |z| on z's side; Infinity where it gives none. */
  ownDigits(z: number): number {
    const size = Math.abs(z);
    if (size < this.base) {
      return Infinity;
    }
    const side = z < 0 ? 0 : 1;
    const k = this.count[side];
    const lowCount = k - CAUTION * Math.sqrt(k);
    if (!(lowCount > 0)) {
      return Infinity;
    }
    const mean = this.excess[side] / k;
    const moments = gpdFromMoments(mean, this.squaredExcess[side] / k - mean * mean);
    if (!moments) {
      return Infinity;
    }
    const fit = moments.shape < MIN_SHAPE ? { shape: MIN_SHAPE, scale: mean * (1 - MIN_SHAPE) } : moments;
    const log10Tail = Math.log10(lowCount / this.rows) + gpdLog10Survival(fit, size - this.base);
    return Math.max(0, -log10Tail);
  }
}
