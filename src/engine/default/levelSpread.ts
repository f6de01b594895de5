import { z } from 'zod';
import { exactNumberSchema, toExactNumber } from './exactNumber';

/** Serialised LevelSpread: the count and five exact moments (meanX, meanY, varX, covXY, varY), whatever the history's length. */
export const levelSpreadStateSchema = z.tuple([
  z.number().int().nonnegative(),
  exactNumberSchema,
  exactNumberSchema,
  exactNumberSchema,
  exactNumberSchema,
  exactNumberSchema,
]);

export type LevelSpreadState = z.input<typeof levelSpreadStateSchema>;

/** The exponent is taken this many standard errors below its estimate: a weak relation gives 0. */
const CAUTION = 3;
/** Rows the regression needs before it gives an exponent. */
const MIN_ROWS = 30;
/** Squared residuals are floored at this share of the residual variance before their log (exact zeros). */
const SQUARE_FLOOR = 1e-4;
/** Log levels are clipped to this many of their standard deviations, so a level near 0 keeps a bounded spread. */
const LEVEL_CLIP_SD = 3;

/**
 * How one predictor's residual spread scales with the level it predicts: spread(level) = s x level^b, b in [0, 1].
 * Server metrics are heteroscedastic: a request rate's noise grows like sqrt(level), its bursts and a latency's
 * spikes scale with it, a temperature's noise does not. The exponent is learned online by a decaying regression
 * (memory `memory` rows, as the residual distributions) of log(residual^2) on log(level): whatever the residuals'
 * distribution, if their scale is level^b the slope is 2b. It is taken at the lower bound of its estimate
 * (CAUTION standard errors below) and clamped to [0, 1], so a weak or absent relation gives b = 0. Levels that are
 * not positive teach nothing and are judged with factor 1.
 *
 * The factor at a level multiplies the predictor's whole-history spread: exp(b (x - mean x) - b^2 var x) with
 * x = log(level), whose mean square over the levels seen is about 1 (exactly for log-normal levels), so the spread
 * keeps its average and is only redistributed: narrower where the level is low, wider where it is high.
 */
export class LevelSpread {
  private count = 0;
  private meanX = 0;
  private meanY = 0;
  private varX = 0;
  private covXY = 0;
  private varY = 0;

  constructor(
    readonly memory: number,
    state?: z.output<typeof levelSpreadStateSchema>
  ) {
    if (state) {
      [this.count, this.meanX, this.meanY, this.varX, this.covXY, this.varY] = state;
    }
  }

  /** Learns one residual's deviation from the residual mean at the predicted `level`, given the residual variance. */
  learn(level: number, deviation: number, variance: number): void {
    if (!(level > 0) || !(variance > 0)) {
      return;
    }
    const x = Math.log(level);
    const y = Math.log(deviation * deviation + SQUARE_FLOOR * variance);
    this.count++;
    const w = 1 / Math.min(this.count, this.memory);
    const dx = x - this.meanX;
    const dy = y - this.meanY;
    this.meanX += w * dx;
    this.meanY += w * dy;
    this.varX = (1 - w) * (this.varX + w * dx * dx);
    this.covXY = (1 - w) * (this.covXY + w * dx * dy);
    this.varY = (1 - w) * (this.varY + w * dy * dy);
  }

  /** The learned exponent b: the slope's lower bound over 2, in [0, 1]; 0 while the relation is weak. */
  get exponent(): number {
    if (this.count < MIN_ROWS || !(this.varX > 0)) {
      return 0;
    }
    const slope = this.covXY / this.varX;
    const unexplained = Math.max(0, this.varY - slope * this.covXY);
    const stderr = Math.sqrt(unexplained / (Math.min(this.count, this.memory) * this.varX));
    return Math.min(1, Math.max(0, (slope - CAUTION * stderr) / 2));
  }

  /** What the predictor's spread is multiplied by at `level` (1 where the level is not positive or b is 0). */
  factor(level: number): number {
    const b = this.exponent;
    if (b === 0 || !(level > 0)) {
      return 1;
    }
    const limit = LEVEL_CLIP_SD * Math.sqrt(this.varX);
    const x = Math.min(this.meanX + limit, Math.max(this.meanX - limit, Math.log(level)));
    return Math.exp(b * (x - this.meanX) - b * b * this.varX);
  }

  toState(): LevelSpreadState {
    return [
      this.count,
      toExactNumber(this.meanX),
      toExactNumber(this.meanY),
      toExactNumber(this.varX),
      toExactNumber(this.covXY),
      toExactNumber(this.varY),
    ];
  }
}
