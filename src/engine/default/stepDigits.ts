import { z } from 'zod';
import { MINUTE_MS } from '../seasonal/period';
import { exactNumberSchema, toExactNumber } from './exactNumber';

/**
 * Steps up to this long add nothing: the cut-off was set on 5-minute and 1-minute series, and at finer steps
 * consecutive rows are not independent chances (a rate over a minute, scraped every 15 seconds).
 */
const REFERENCE_STEP_MS = 5 * MINUTE_MS;
const LOG_REFERENCE_STEP = Math.log(REFERENCE_STEP_MS);
/** Each interval moves the estimate by this share of its log ratio to it... */
const STEP_LEARN = 0.1;
/** ...counted as at most a factor of 2 either way: a gap in the data is not a new step. */
const MAX_LOG_RATIO = Math.LN2;

/** The digits a surprise gains at an estimated step of exp(logStepMs) ms (0 until it is known). */
function digitsAt(logStepMs: number): number {
  return logStepMs > LOG_REFERENCE_STEP ? (logStepMs - LOG_REFERENCE_STEP) / Math.LN10 : 0;
}

/** Serialised StepDigits: the natural log of the estimated step in ms, and the time of the last row. */
export const stepDigitsStateSchema = z.object({
  logStepMs: exactNumberSchema,
  lastMs: exactNumberSchema,
});

export type StepDigitsState = z.input<typeof stepDigitsStateSchema>;

/**
 * The digits a row's surprise gains from the time it spans: log10(step / 5 minutes) for a series whose step is longer
 * than 5 minutes, else 0. A tail probability p comes up twelve times less often per day at hourly steps than at
 * 5-minute ones, so with these digits one cut-off means the same chance per day of a value beyond it, under the
 * detector's tails, at either (measured alert rates still fall with the step: docs/default-detector.md). The step is
 * a geometric moving estimate of the intervals between rows, so irregular steps count as their typical length.
 */
export class StepDigits {
  private logStepMs: number;
  private lastMs: number;
  private lastInterval = NaN;
  private lastLogInterval = NaN;
  private digits: number;

  constructor(state?: z.output<typeof stepDigitsStateSchema>) {
    this.logStepMs = state?.logStepMs ?? NaN;
    this.lastMs = state?.lastMs ?? NaN;
    this.digits = digitsAt(this.logStepMs);
  }

  /** Learns the row's time and returns the digits its surprise gains. */
  observe(timestamp: number): number {
    const interval = timestamp - this.lastMs;
    if (interval === this.lastInterval && this.logStepMs === this.lastLogInterval) {
      // A regular series, its step learned: the same digits as the row before.
      this.lastMs = timestamp;
      return this.digits;
    }
    if (interval > 0) {
      this.lastMs = timestamp;
      if (interval !== this.lastInterval) {
        this.lastInterval = interval;
        this.lastLogInterval = Math.log(interval);
      }
      const ratio = this.lastLogInterval - this.logStepMs;
      this.logStepMs = Number.isNaN(ratio)
        ? this.lastLogInterval
        : this.logStepMs + STEP_LEARN * Math.min(MAX_LOG_RATIO, Math.max(-MAX_LOG_RATIO, ratio));
      this.digits = digitsAt(this.logStepMs);
    } else if (Number.isNaN(interval)) {
      this.lastMs = timestamp;
    }
    return this.digits;
  }

  toState(): StepDigitsState {
    return { logStepMs: toExactNumber(this.logStepMs), lastMs: toExactNumber(this.lastMs) };
  }
}
