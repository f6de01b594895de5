import { z } from 'zod';
import { base64ToFloat64, float64ToBase64 } from '../util/base64';
import { exactNumberSchema, toExactNumber } from './exactNumber';
import { RecentMax } from './recentMax';

/**
 * A value within this many spreads of what was expected when the other side's record was set has returned to that
 * level: it ends the other side's incident (a counter resuming after a stall) rather than starting one of its own.
 */
const RETURN_SD = 3;

/**
 * Serialised SidedDamping: of the last `refractory` rows (`rows` of them at the start), the scores that can still be
 * their side's maximum, as offsets from the oldest row and values (base64 Float64, negative for rows below the
 * expected value, NaN kept); every other row holds 0 (a score that a later one on its side equals or beats never
 * decides a maximum again). Per side (above, below): the expected value and spread of the row that last passed in full.
 */
export const sidedDampingStateSchema = z.object({
  rows: z.number().int().nonnegative(),
  at: z.array(z.number().int().nonnegative()),
  scores: z.string(),
  records: z.array(z.tuple([exactNumberSchema, exactNumberSchema])).length(2),
});

export type SidedDampingState = z.input<typeof sidedDampingStateSchema>;

/**
 * One incident, one alert: a score that does not beat every score of the last `refractory` rows on its side of the
 * expected value is multiplied by `damping`. The two sides keep separate records, so a burst does not hide the
 * outage that follows it; a value that returns to the level before the other side's incident is held to that
 * side's record too, so the end of an outage is not a second alert.
 */
export class SidedDamping {
  private readonly above: RecentMax;
  private readonly below: RecentMax;
  /** Per side (above, below): [expected, spread] of the row that last passed in full. */
  private readonly records: Array<[number, number]>;

  constructor(
    readonly refractory: number,
    readonly damping: number,
    state?: z.output<typeof sidedDampingStateSchema>
  ) {
    const signed = state ? windowFromState(state) : new Float64Array(0);
    this.above = RecentMax.from(
      refractory,
      signed.map((v) => (v < 0 ? 0 : v))
    );
    this.below = RecentMax.from(
      refractory,
      signed.map((v) => (v < 0 ? -v : Number.isNaN(v) ? NaN : 0))
    );
    // Array literals in both cases, not state.records.map: once V8 optimises this constructor, its inlined map builds
    // arrays of another elements kind, and the new map discards the per-row code compiled for the first (the scorer's
    // perPredictor; docs/engine.md, "Compiled once").
    const [above, below] = state?.records ?? [
      [NaN, NaN],
      [NaN, NaN],
    ];
    this.records = [
      [above[0], above[1]],
      [below[0], below[1]],
    ];
  }

  /** The damped score of a row scored `score`, on the `below` side of `expected` (with its spread) at `value`. */
  apply(score: number, below: boolean, value: number, expected: number, spread: number): number {
    if (this.refractory <= 0) {
      return score;
    }
    const side = below ? 1 : 0;
    const same = below ? this.below : this.above;
    const other = below ? this.above : this.below;
    const otherRecord = this.records[1 - side];
    const returning = Math.abs(value - otherRecord[0]) <= RETURN_SD * otherRecord[1];
    const record = returning ? Math.max(same.max, other.max) : same.max;
    same.push(score);
    other.push(Number.isNaN(score) ? NaN : 0);
    if (score > record) {
      this.records[side][0] = expected;
      this.records[side][1] = spread;
      return score;
    }
    return score * this.damping;
  }

  toState(): SidedDampingState {
    const above = this.above.toArray();
    const below = this.below.toArray();
    const at: number[] = [];
    const scores: number[] = [];
    let laterAbove = 0;
    let laterBelow = 0;
    for (let k = above.length - 1; k >= 0; k--) {
      const kept = below[k] > 0 ? below[k] > laterBelow : above[k] > laterAbove || Number.isNaN(above[k]);
      laterAbove = Math.max(laterAbove, Number.isNaN(above[k]) ? 0 : above[k]);
      laterBelow = Math.max(laterBelow, Number.isNaN(below[k]) ? 0 : below[k]);
      if (kept) {
        at.push(k);
        scores.push(below[k] > 0 ? -below[k] : above[k]);
      }
    }
    return {
      rows: above.length,
      at: at.reverse(),
      scores: float64ToBase64(Float64Array.from(scores.reverse())),
      records: this.records.map(([expected, spread]) => [toExactNumber(expected), toExactNumber(spread)]),
    };
  }
}

/** The signed scores of the stored window, oldest first, 0 where none was kept. */
function windowFromState(state: z.output<typeof sidedDampingStateSchema>): Float64Array {
  const kept = base64ToFloat64(state.scores);
  const window = new Float64Array(state.rows);
  state.at.forEach((offset, k) => {
    if (offset >= state.rows || (k > 0 && offset <= state.at[k - 1])) {
      throw new Error(`damping window of ${state.rows} rows cannot hold a score at offset ${offset}`);
    }
    window[offset] = kept[k];
  });
  if (kept.length !== state.at.length) {
    throw new Error(`damping window holds ${kept.length} scores for ${state.at.length} offsets`);
  }
  return window;
}
