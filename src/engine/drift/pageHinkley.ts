import { z } from 'zod';

export interface PageHinkleyOptions {
  /** Change smaller than this (in the stream's units) is tolerated (default 0.5: half a standard deviation of a standardised stream). */
  delta?: number;
  /** Alarm when the cumulative deviation exceeds this (default 25). */
  threshold?: number;
  /** Values seen before alarms are allowed (default 30). */
  minInstances?: number;
  /** Forgetting factor of the running mean, in (0, 1] (default 1: plain mean since the last reset). */
  alpha?: number;
}

export const pageHinkleyStateSchema = z.object({
  delta: z.number(),
  threshold: z.number(),
  minInstances: z.number().int().nonnegative(),
  alpha: z.number(),
  count: z.number().nonnegative(),
  mean: z.number(),
  upSum: z.number(),
  upMin: z.number(),
  downSum: z.number(),
  downMax: z.number(),
  detections: z.number().int().nonnegative(),
});
export type PageHinkleyState = z.infer<typeof pageHinkleyStateSchema>;

/**
 * Page-Hinkley test, two-sided: cumulative deviations from the running mean (less `delta`) are
 * tracked upwards and downwards; when either climbs more than `threshold` above its extreme, a
 * drift is reported and the test restarts. Defaults suit a standardised stream.
 */
export class PageHinkley {
  readonly delta: number;
  readonly threshold: number;
  readonly minInstances: number;
  readonly alpha: number;
  private count = 0;
  private mean = 0;
  private upSum = 0;
  private upMin = 0;
  private downSum = 0;
  private downMax = 0;
  detections = 0;

  constructor(options: PageHinkleyOptions = {}) {
    this.delta = options.delta ?? 0.5;
    this.threshold = options.threshold ?? 25;
    this.minInstances = options.minInstances ?? 30;
    this.alpha = options.alpha ?? 1;
    if (!(this.threshold > 0)) {
      throw new RangeError(`Page-Hinkley threshold must be positive, got ${this.threshold}`);
    }
    if (!(this.alpha > 0 && this.alpha <= 1)) {
      throw new RangeError(`Page-Hinkley alpha must be in (0, 1], got ${this.alpha}`);
    }
  }

  /** Adds one value; true when a drift was detected (the test then starts over). */
  update(value: number): boolean {
    if (!Number.isFinite(value)) {
      return false;
    }
    this.count++;
    this.mean =
      this.alpha === 1
        ? this.mean + (value - this.mean) / this.count
        : this.alpha * this.mean + (1 - this.alpha) * value;
    const deviation = value - this.mean;
    this.upSum += deviation - this.delta;
    this.upMin = Math.min(this.upMin, this.upSum);
    this.downSum += deviation + this.delta;
    this.downMax = Math.max(this.downMax, this.downSum);
    if (this.count < this.minInstances) {
      return false;
    }
    if (this.upSum - this.upMin > this.threshold || this.downMax - this.downSum > this.threshold) {
      this.detections++;
      this.reset();
      return true;
    }
    return false;
  }

  private reset(): void {
    this.count = 0;
    this.mean = 0;
    this.upSum = 0;
    this.upMin = 0;
    this.downSum = 0;
    this.downMax = 0;
  }

  toState(): PageHinkleyState {
    const { delta, threshold, minInstances, alpha, count, mean, upSum, upMin, downSum, downMax, detections } = this;
    return { delta, threshold, minInstances, alpha, count, mean, upSum, upMin, downSum, downMax, detections };
  }

  static fromState(input: unknown): PageHinkley {
    const state = pageHinkleyStateSchema.parse(input);
    const detector = new PageHinkley(state);
    detector.count = state.count;
    detector.mean = state.mean;
    detector.upSum = state.upSum;
    detector.upMin = state.upMin;
    detector.downSum = state.downSum;
    detector.downMax = state.downMax;
    detector.detections = state.detections;
    return detector;
  }
}
