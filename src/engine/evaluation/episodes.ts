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
 */
export function episodes(flags: ArrayLike<number>, timestamps: ArrayLike<number>, maxGapMs = 0): Episode[] {
  if (flags.length !== timestamps.length) {
    throw new Error(`episodes: ${flags.length} flags but ${timestamps.length} timestamps`);
  }
  const found: Episode[] = [];
  for (const run of alertRuns(flags)) {
    const last = found[found.length - 1];
    if (last && timestamps[run.start] - last.endMs <= maxGapMs) {
      last.end = run.end;
      last.endMs = timestamps[run.end];
      last.points += run.end - run.start + 1;
    } else {
      found.push({
        start: run.start,
        end: run.end,
        startMs: timestamps[run.start],
        endMs: timestamps[run.end],
        points: run.end - run.start + 1,
      });
    }
  }
  return found;
}
