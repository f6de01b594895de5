import type { Logger } from '../log';
import type { RunRange } from './detectorRun';
import type { SeriesState } from './detectorState';

/**
 * The points a run leaves unscored because the newest point of the previous run is older than the scoring window's
 * start (runs stopped for longer than the window): for each series scored now, the grid steps from its last scored
 * point to the window's start. Logged once per detector run.
 */
export class UnscoredPoints {
  private series = 0;
  private points = 0;

  constructor(
    private readonly log: Logger,
    private readonly detector: string,
    private readonly range: RunRange,
    private readonly stepMs: number
  ) {}

  /** A series (or target) scored in this run, with the state the previous run left it. */
  add(entry: SeriesState | undefined): void {
    const { windowStartMs, newestScoredMs } = this.range;
    if (entry && newestScoredMs < windowStartMs && entry.lastTimestampMs < windowStartMs) {
      this.series++;
      this.points += Math.floor((windowStartMs - entry.lastTimestampMs) / this.stepMs);
    }
  }

  report(): void {
    if (this.points > 0) {
      this.log.warn(
        {
          detector: this.detector,
          series: this.series,
          points: this.points,
          after: new Date(this.range.newestScoredMs).toISOString(),
          until: new Date(this.range.windowStartMs).toISOString(),
        },
        'the last run was longer ago than the scoring window: the points before the window were not scored'
      );
    }
  }
}
