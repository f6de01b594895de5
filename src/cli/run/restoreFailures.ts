import type { Logger } from '../log';

/** Series named in a grouped warning; the rest are logged one by one at debug level. */
const EXAMPLES = 3;

/**
 * The stored models of one detector's run that could not be restored, grouped by reason: after a new detector state
 * version every series fails for the same reason, and one warning per reason (with the count and a few series) says
 * it, where a warning per series wrote ten thousand lines for ten thousand series.
 */
export class RestoreFailures {
  private readonly byReason = new Map<string, string[]>();

  constructor(
    private readonly log: Logger,
    private readonly detector: string
  ) {}

  add(series: string, reason: string): void {
    this.log.debug({ detector: this.detector, series, reason }, 'stored model could not be restored: refitting');
    const failed = this.byReason.get(reason);
    if (failed) {
      failed.push(series);
    } else {
      this.byReason.set(reason, [series]);
    }
  }

  /** One warning per reason: how many series, and the first few. */
  report(): void {
    for (const [reason, failed] of this.byReason) {
      this.log.warn(
        { detector: this.detector, series: failed.length, examples: failed.slice(0, EXAMPLES), reason },
        'stored models could not be restored: refitted'
      );
    }
    this.byReason.clear();
  }
}
