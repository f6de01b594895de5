import { alertRuns } from './eventMetrics';

/** One anomaly episode: flagged rows close enough together to be one incident (an outage, a spike). */
export interface Episode {
  /** First and last flagged row (inclusive). */
  start: number;
  end: number;
  startMs: number;
  endMs: number;
  /** Flagged rows inside the episode. */
  points: number;
}

/**
 * Groups flagged rows into episodes: consecutive flagged rows form one, and runs whose gap (from the last flagged
 * row of one to the first of the next) is at most `maxGapMs` join it, so a 10-minute outage whose flags blink on
 * and off is one episode, not many. `maxGapMs` 0 keeps only consecutive rows together.
 *
 * `extend` (optional, one entry per row) lets an episode run on past its flagged rows while the rows stay
 * non-zero there: e.g. 1 where the value is still outside its expected band, so an outage the detector flags
 * once at its start is marked until the series is back.
 */
export function episodes(
  flags: ArrayLike<number>,
  timestamps: ArrayLike<number>,
  maxGapMs = 0,
  extend?: ArrayLike<number>
): Episode[] {
  if (flags.length !== timestamps.length || (extend && extend.length !== flags.length)) {
    throw new Error(
      `episodes: ${flags.length} flags but ${timestamps.length} timestamps${extend ? ` and ${extend.length} extend rows` : ''}`
    );
  }
  const found: Episode[] = [];
  for (const run of alertRuns(extend ? extended(flags, extend) : flags)) {
    let points = 0;
    for (let i = run.start; i <= run.end; i++) {
      points += flags[i] !== 0 ? 1 : 0;
    }
    const last = found[found.length - 1];
    if (last && timestamps[run.start] - last.endMs <= maxGapMs) {
      last.end = run.end;
      last.endMs = timestamps[run.end];
      last.points += points;
    } else {
      found.push({
        start: run.start,
        end: run.end,
        startMs: timestamps[run.start],
        endMs: timestamps[run.end],
        points,
      });
    }
  }
  return found;
}

/** Flagged rows, plus the rows after one that continue it (`extend` non-zero without a break). */
function extended(flags: ArrayLike<number>, extend: ArrayLike<number>): Uint8Array {
  const active = new Uint8Array(flags.length);
  for (let i = 0; i < flags.length; i++) {
    active[i] = flags[i] !== 0 || (i > 0 && active[i - 1] === 1 && extend[i] !== 0) ? 1 : 0;
  }
  return active;
}
