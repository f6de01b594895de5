/** Grid steps re-read before the newest point scored so far, so the next range starts where the last ended. */
export const OVERLAP_STEPS = 2;

/**
 * The shortest scoring window that leaves no point between two runs `runIntervalMs` apart unscored: the interval and
 * the steps a run re-reads before the newest point scored (where a series one or two steps behind is scored).
 */
export function minScoringWindowMs(runIntervalMs: number, stepMs: number): number {
  return runIntervalMs + OVERLAP_STEPS * stepMs;
}
