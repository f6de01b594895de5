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
 * Serialised SidedDamping, from the oldest row whose score can still be its side's maximum (`rows` rows): those
 * scores, as offsets from that row, values (base64 Float64, negative for rows below the expected value, NaN kept) and
 * times (base64 Float64). Every other row holds 0, as a score that a later one on its side equals or beats never
 * decides a maximum again, and once restored leaves as soon as it is the oldest. Per side (above, below): the
 * expected value and spread of the row that last passed in full.
 */
export const sidedDampingStateSchema = z.object({
  rows: z.number().int().nonnegative(),
  at: z.array(z.number().int().nonnegative()),
  scores: z.string(),
  times: z.string(),
  records: z.array(z.tuple([exactNumberSchema, exactNumberSchema])).length(2),
});

export type SidedDampingState = z.input<typeof sidedDampingStateSchema>;

/**
 * One incident, one alert: a score that does not beat every score on its side of the expected value of the last
 * `refractory` rows, as far as they are within `refractoryMs` before it, is multiplied by `damping`. The two sides
 * keep separate records, so a burst does not hide the outage that follows it; a value that returns to the level
 * before the other side's incident is held to that side's record too, so the end of an outage is not a second alert.
 */
export class SidedDamping {
  private readonly above: RecentMax;
  private readonly below: RecentMax;
  /** Per side (above, below): [expected, spread] of the row that last passed in full. */
  private readonly records: Array<[number, number]>;

  constructor(
    readonly refractory: number,
    readonly refractoryMs: number,
    readonly damping: number,
    state?: z.output<typeof sidedDampingStateSchema>
  ) {
    const { signed, times } = state ? windowFromState(state) : { signed: new Float64Array(0), times: undefined };
    this.above = RecentMax.from(
      refractory,
      signed.map((v) => (v < 0 ? 0 : v)),
      times
    );
    this.below = RecentMax.from(
      refractory,
      signed.map((v) => (v < 0 ? -v : Number.isNaN(v) ? NaN : 0)),
      times
    );
    // Array literals in both cases, not state.records.map: once V8 optimises this constructor, its inlined map builds
    // arrays of another elements kind, and the new map discards the per-row code compiled for the first (the scorer's
    // perPredictor; docs/benchmark-history.md, "Compiled once").
    const [above, below] = state?.records ?? [
      [NaN, NaN],
      [NaN, NaN],
    ];
    this.records = [
      [above[0], above[1]],
      [below[0], below[1]],
    ];
  }

  /**
   * The damped score of a row at `timestamp` scored `score`, on the `below` side of `expected` (with its spread) at
   * `value`.
   */
  apply(timestamp: number, score: number, below: boolean, value: number, expected: number, spread: number): number {
    if (this.refractory <= 0) {
      return score;
    }
    const cutoff = timestamp - this.refractoryMs;
    if (this.above.oldestTime < cutoff) {
      this.forgetBefore(cutoff);
    }
    const side = below ? 1 : 0;
    const same = below ? this.below : this.above;
    const other = below ? this.above : this.below;
    const otherRecord = this.records[1 - side];
    const returning = Math.abs(value - otherRecord[0]) <= RETURN_SD * otherRecord[1];
    const record = returning ? Math.max(same.max, other.max) : same.max;
    same.push(score, timestamp);
    other.push(Number.isNaN(score) ? NaN : 0, timestamp);
    if (score > record) {
      this.records[side][0] = expected;
      this.records[side][1] = spread;
      return score;
    }
    return score * this.damping;
  }

  /** Forgets the rows before `cutoff`, on both sides. */
  private forgetBefore(cutoff: number): void {
    this.above.dropBefore(cutoff);
    this.below.dropBefore(cutoff);
  }

  toState(): SidedDampingState {
    const above = this.above.toArray();
    const below = this.below.toArray();
    const rowTimes = this.above.timesToArray();
    const at: number[] = [];
    const scores: number[] = [];
    const times: number[] = [];
    let laterAbove = 0;
    let laterBelow = 0;
    for (let k = above.length - 1; k >= 0; k--) {
      const kept = below[k] > 0 ? below[k] > laterBelow : above[k] > laterAbove || Number.isNaN(above[k]);
      laterAbove = Math.max(laterAbove, Number.isNaN(above[k]) ? 0 : above[k]);
      laterBelow = Math.max(laterBelow, Number.isNaN(below[k]) ? 0 : below[k]);
      if (kept) {
        at.push(k);
        scores.push(below[k] > 0 ? -below[k] : above[k]);
        times.push(rowTimes[k]);
      }
    }
    // The rows before the oldest kept score decide nothing: the window is stored from that score on.
    const oldest = at.length > 0 ? at[at.length - 1] : above.length;
    return {
      rows: above.length - oldest,
      at: at.reverse().map((k) => k - oldest),
      scores: float64ToBase64(Float64Array.from(scores.reverse())),
      times: float64ToBase64(Float64Array.from(times.reverse())),
      records: this.records.map(([expected, spread]) => [toExactNumber(expected), toExactNumber(spread)]),
    };
  }
}

/**
 * The signed scores of the stored window and their times, oldest first: 0 where none was kept, at a time before any
 * other (-Infinity), so that a row that decides no maximum leaves as soon as it is the oldest.
 */
function windowFromState(state: z.output<typeof sidedDampingStateSchema>): {
  signed: Float64Array;
  times: Float64Array;
} {
  const kept = base64ToFloat64(state.scores);
  const keptTimes = base64ToFloat64(state.times);
  if (kept.length !== state.at.length || keptTimes.length !== state.at.length) {
    throw new Error(
      `damping window holds ${kept.length} scores and ${keptTimes.length} times for ${state.at.length} offsets`
    );
  }
  const signed = new Float64Array(state.rows);
  const times = new Float64Array(state.rows).fill(-Infinity);
  state.at.forEach((offset, k) => {
    if (offset >= state.rows || (k > 0 && offset <= state.at[k - 1])) {
      throw new Error(`damping window of ${state.rows} rows cannot hold a score at offset ${offset}`);
    }
    signed[offset] = kept[k];
    times[offset] = keptTimes[k];
  });
  return { signed, times };
}
