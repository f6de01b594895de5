import { z } from 'zod';
import { exactNumberSchema, toExactNumber } from '../default/exactNumber';
import { WindowStats, windowStatsStateSchema } from '../default/windowStats';
import { base64ToFloat64, float64ToBase64 } from '../util/base64';
import { type GpdFit, fitGpd, gpdLog10Survival, gpdQuantile } from './generalizedPareto';
import { PeakBuffer } from './peakBuffer';

export const SPOT_STATE_VERSION = 1;

/**
 * The tail is refitted once the peaks that arrived since the last fit reach this fraction of those held (every peak
 * while there are fewer than 20): one new peak among 200 barely moves the fit, and a stream that keeps exceeding t
 * would otherwise pay a full fit on every value.
 */
const REFIT_FRACTION = 0.05;

/**
 * Streaming peaks-over-threshold (SPOT, and DSPOT with `depth` > 0; Siffer et al., KDD 2017). The first
 * `calibration` values set an initial threshold t at their `initialLevel` quantile; the excesses over t (peaks)
 * are fitted with a generalised Pareto tail, which gives the threshold z_q exceeded with probability `risk`.
 */
export interface SpotParams {
  /** q: the probability of a normal value exceeding z_q. */
  risk: number;
  /** Values (residuals for DSPOT) that set t and the first tail fit. */
  calibration: number;
  /** The quantile of the calibration values used as t (the paper's 98%). */
  initialLevel: number;
  /** Peaks kept for the fit: the newest ones, so the state and each refit are bounded and the tail follows the series. */
  maxPeaks: number;
  /** Below this many peaks there is no tail fit (no threshold). */
  minPeaks: number;
  /** DSPOT: thresholds apply to the value minus the mean of the last `depth` normal values; 0 is plain SPOT. */
  depth: number;
}

export const spotStateSchema = z.object({
  version: z.literal(SPOT_STATE_VERSION),
  params: z.object({
    risk: z.number(),
    calibration: z.number(),
    initialLevel: z.number(),
    maxPeaks: z.number(),
    minPeaks: z.number(),
    depth: z.number(),
  }),
  /** The calibration values gathered so far (empty once calibrated). */
  calibrating: z.string(),
  level: windowStatsStateSchema.nullable(),
  initialThreshold: exactNumberSchema,
  peaks: z.string(),
  observed: z.number().int().nonnegative(),
  exceeded: z.number().int().nonnegative(),
  peaksSinceFit: z.number().int().nonnegative(),
  fit: z.object({ shape: exactNumberSchema, scale: exactNumberSchema }).nullable(),
});

export type SpotState = z.input<typeof spotStateSchema>;

export interface SpotStep {
  /** The value thresholded: the input for SPOT, the input minus the moving level for DSPOT. */
  value: number;
  /** z_q before this value was learned; NaN while calibrating or without a tail fit. */
  threshold: number;
  /** The value exceeded z_q (it is then not learned). */
  alarm: boolean;
  /** -log10 of the value's exceedance probability under the fitted tail (see surprise()); NaN without a fit. */
  surprise: number;
}

/** SPOT / DSPOT, one value at a time: causal (a value is judged before it is learned), with bounded state. */
export class Spot {
  private calibrating: number[] = [];
  private readonly level: WindowStats | null;
  private initialThreshold = NaN;
  private peaks: PeakBuffer;
  /** Values seen since calibration (n) and how many of them exceeded t (N_t): the tail's overall rate N_t / n. */
  private observed = 0;
  private exceeded = 0;
  private peaksSinceFit = 0;
  private fit: GpdFit | null = null;
  private zq = NaN;

  constructor(
    readonly params: SpotParams,
    state?: z.output<typeof spotStateSchema>
  ) {
    this.peaks = new PeakBuffer(params.maxPeaks);
    this.level = params.depth > 0 ? new WindowStats(params.depth) : null;
    if (!state) {
      return;
    }
    // The risk may change (a new sensitivity): it only decides which values are learned from now on.
    const changed = (Object.keys(params) as Array<keyof SpotParams>).find(
      (key) => key !== 'risk' && state.params[key] !== params[key]
    );
    if (changed !== undefined) {
      throw new Error(
        `threshold saved with ${changed}=${state.params[changed]}, the spec now gives ${params[changed]}`
      );
    }
    if ((state.level === null) !== (this.level === null)) {
      throw new Error('threshold state and depth disagree on the moving level');
    }
    this.calibrating = Array.from(base64ToFloat64(state.calibrating));
    this.level = state.level ? WindowStats.fromState(state.level) : null;
    this.initialThreshold = state.initialThreshold;
    this.peaks = PeakBuffer.from(params.maxPeaks, base64ToFloat64(state.peaks));
    this.observed = state.observed;
    this.exceeded = state.exceeded;
    this.peaksSinceFit = state.peaksSinceFit;
    this.fit = state.fit;
    this.zq = this.quantile();
  }

  /** z_q now (NaN while calibrating or without a tail fit). */
  get threshold(): number {
    return this.zq;
  }

  get calibrated(): boolean {
    return !Number.isNaN(this.initialThreshold);
  }

  /** Judges `value` against z_q, then learns it unless it is an alarm. Non-finite values are ignored. */
  update(value: number): SpotStep {
    if (!Number.isFinite(value)) {
      return { value, threshold: this.zq, alarm: false, surprise: NaN };
    }
    const level = this.level;
    if (level && level.size < this.params.depth) {
      level.push(value);
      return { value: NaN, threshold: NaN, alarm: false, surprise: NaN };
    }
    const x = level ? value - level.mean : value;
    if (!this.calibrated) {
      this.calibrate(x);
      level?.push(value);
      return { value: x, threshold: NaN, alarm: false, surprise: NaN };
    }
    const threshold = this.zq;
    const surprise = this.surprise(x);
    const alarm = x > threshold;
    if (!alarm) {
      this.learn(x);
      level?.push(value);
    }
    return { value: x, threshold, alarm, surprise };
  }

  /**
   * How surprising x is, in decimal digits: -log10 P(X > x) = -log10(N_t / n) - log10 P(Y > x - t) above t. Below t,
   * where no alarm is possible (q < N_t / n), the surprise at t decays as exp((x - t) / scale), so it stays
   * continuous and increasing. Beyond a negative shape's end point the tail gives probability 0: those values get
   * 100 digits plus their distance past the end point in scales (increasing, and far above any threshold).
   */
  surprise(x: number): number {
    const fit = this.fit;
    if (!fit || !this.calibrated) {
      return NaN;
    }
    const t = this.initialThreshold;
    const atT = -Math.log10(this.exceeded / this.observed);
    if (x <= t) {
      return atT * Math.exp((x - t) / fit.scale);
    }
    const log10Survival = gpdLog10Survival(fit, x - t);
    if (log10Survival === -Infinity) {
      const endPoint = t - fit.scale / fit.shape;
      return 100 + (x - endPoint) / fit.scale;
    }
    return atT - log10Survival;
  }

  toState(): SpotState {
    return {
      version: SPOT_STATE_VERSION,
      params: { ...this.params },
      calibrating: float64ToBase64(Float64Array.from(this.calibrating)),
      level: this.level ? this.level.toState() : null,
      initialThreshold: toExactNumber(this.initialThreshold),
      peaks: float64ToBase64(this.peaks.toArray()),
      observed: this.observed,
      exceeded: this.exceeded,
      peaksSinceFit: this.peaksSinceFit,
      fit: this.fit ? { shape: toExactNumber(this.fit.shape), scale: toExactNumber(this.fit.scale) } : null,
    };
  }

  private calibrate(x: number): void {
    this.calibrating.push(x);
    if (this.calibrating.length < this.params.calibration) {
      return;
    }
    const sorted = Float64Array.from(this.calibrating).sort();
    const t = sorted[Math.min(sorted.length - 1, Math.floor(this.params.initialLevel * sorted.length))];
    this.initialThreshold = t;
    this.observed = sorted.length;
    for (const value of this.calibrating) {
      if (value > t) {
        this.peaks.push(value - t);
        this.exceeded++;
      }
    }
    this.calibrating = [];
    this.refit();
  }

  private learn(x: number): void {
    this.observed++;
    if (x > this.initialThreshold) {
      this.peaks.push(x - this.initialThreshold);
      this.exceeded++;
      this.peaksSinceFit++;
      if (this.peaksSinceFit >= Math.max(1, Math.floor(REFIT_FRACTION * this.peaks.size))) {
        this.refit();
        return;
      }
    }
    this.zq = this.quantile();
  }

  private refit(): void {
    this.peaksSinceFit = 0;
    this.fit = this.peaks.size >= this.params.minPeaks ? fitGpd(this.peaks.toArray()) : null;
    this.zq = this.quantile();
  }

  /** z_q = t + the GPD quantile at q n / N_t (an excess over t is that much rarer than exceeding t). */
  private quantile(): number {
    if (!this.fit || !this.calibrated) {
      return NaN;
    }
    const p = (this.params.risk * this.observed) / this.exceeded;
    return p >= 1 ? this.initialThreshold : this.initialThreshold + gpdQuantile(this.fit, p);
  }
}
