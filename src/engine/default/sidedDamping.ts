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
 * Serialised SidedDamping: the last `refractory` scores as base64 Float64, negative for rows below the expected value
 * (a side's entry is 0 on the other side's rows), and per side (above, below) the expected value and spread of the
 * row that last passed in full.
 */
export const sidedDampingStateSchema = z.object({
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
    const signed = state ? base64ToFloat64(state.scores) : new Float64Array(0);
    this.above = RecentMax.from(
      refractory,
      signed.map((v) => (v < 0 ? 0 : v))
    );
    this.below = RecentMax.from(
      refractory,
      signed.map((v) => (v < 0 ? -v : Number.isNaN(v) ? NaN : 0))
    );
    this.records = state
      ? state.records.map(([expected, spread]) => [expected, spread])
      : [
          [NaN, NaN],
          [NaN, NaN],
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
    return {
      scores: float64ToBase64(Float64Array.from(above, (v, k) => (below[k] > 0 ? -below[k] : v))),
      records: this.records.map(([expected, spread]) => [toExactNumber(expected), toExactNumber(spread)]),
    };
  }
}
