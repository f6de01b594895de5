import { seriesSelector, type Series } from '../series';

/**
 * Name suffixes of Prometheus's raw counters: a counter's `_total`, and a histogram's or summary's `_count`, `_sum`
 * and `_bucket`. A function such as `rate()` drops the name, so a query that takes the rate has none of these.
 */
const COUNTER_SUFFIXES = ['_total', '_count', '_sum', '_bucket'];
/** Fewer steps than this say too little about whether the values only rise. */
const MIN_STEPS = 10;
/** A counter falls only when its process restarts; one that falls at more than this share of steps is a gauge. */
const GAUGE_FALL_SHARE = 0.1;
/** A series that falls at no more than this share of steps (its restarts) and rises at some, rises as counters do. */
const COUNTER_FALL_SHARE = 0.01;
/** PromQL that turns a counter into a rate at full precision. */
const RATE_FUNCTION = /\b(?:rate|irate|increase)\s*\(/;
/** A rate that is exactly 0 at this share of its values or more counts rare events. */
const RARE_EVENTS_ZERO_SHARE = 0.5;

interface Moves {
  steps: number;
  falls: number;
  rises: number;
}

function movesOf(values: Float64Array): Moves {
  const moves = { steps: 0, falls: 0, rises: 0 };
  let previous = NaN;
  for (const value of values) {
    if (Number.isFinite(value)) {
      if (Number.isFinite(previous)) {
        moves.steps++;
        moves.falls += value < previous ? 1 : 0;
        moves.rises += value > previous ? 1 : 0;
      }
      previous = value;
    }
  }
  return moves;
}

/** Whether a rate of rare events: exactly 0 at half its values or more, and above 0 at some. */
function rareEvents(values: Float64Array): boolean {
  let finite = 0;
  let zeros = 0;
  for (const value of values) {
    if (Number.isFinite(value)) {
      finite++;
      zeros += value === 0 ? 1 : 0;
    }
  }
  return finite > MIN_STEPS && zeros < finite && zeros >= RARE_EVENTS_ZERO_SHARE * finite;
}

/**
 * Why the `counter` setting looks wrong for what `query` returned, in one sentence, or null: with it on, values that
 * fall at many steps (a gauge, whose every fall would be read as a restart and not scored); with it off, a series
 * named as a raw counter that only rises (its ever-growing count scored as it is), or a rate() that is 0 at most
 * steps (rare events at full precision, each of which stands out; the raw counter with `counter` on is judged no
 * finer than one count over the step).
 */
export function counterHint(series: Series[], counter: boolean, query: string): string | null {
  if (counter) {
    let steps = 0;
    let falls = 0;
    let example: Series | null = null;
    for (const one of series) {
      const moves = movesOf(one.values);
      steps += moves.steps;
      falls += moves.falls;
      example ??= moves.falls > GAUGE_FALL_SHARE * moves.steps ? one : null;
    }
    if (steps < MIN_STEPS || falls <= GAUGE_FALL_SHARE * steps || !example) {
      return null;
    }
    return (
      `counter is on, but the values fell at ${Math.round((100 * falls) / steps)}% of steps (${seriesSelector(example.labels)}): ` +
      'a counter only rises, and each fall is read as a restart and not scored. For a gauge, turn counter off.'
    );
  }
  const raw = series.find((one) => {
    const name = one.labels.__name__ ?? '';
    if (!COUNTER_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
      return false;
    }
    const moves = movesOf(one.values);
    return moves.steps >= MIN_STEPS && moves.rises > 0 && moves.falls <= COUNTER_FALL_SHARE * moves.steps;
  });
  if (raw) {
    return (
      `${seriesSelector(raw.labels)} is a raw counter (it only rises), scored as its ever-growing count: ` +
      'turn counter on to score its per-second rate, or write rate() in the query.'
    );
  }
  const rare = RATE_FUNCTION.test(query) ? series.find((one) => rareEvents(one.values)) : undefined;
  return rare
    ? `the query's rate is 0 at most steps (${seriesSelector(rare.labels)}): each rare event stands out at full precision. ` +
        'To hear of a change in how often they come rather than of each one, score the raw counter (without rate()) ' +
        'with counter on: its rate is then judged no finer than one count over the step.'
    : null;
}
