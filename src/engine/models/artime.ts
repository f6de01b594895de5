import { z } from 'zod';
import { scoreFromDigits } from '../default/defaultScorer';
import { decodeExact, encodeExact } from '../util/exactNumbers';
import { assertParamsMatch } from '../util/paramMismatch';
import { RecentValues } from '../util/recentValues';
import { ConformalTail, conformalTailStateSchema } from './conformalTail';
import { Damper } from './damper';
import type { ArtimeParams } from './streamParams';
import { FuzzyArt, fuzzyArtStateSchema } from './fuzzyArt';
import type { StreamScorer } from './scorerDetector';

/** A block's extreme stands for the block when it lies this many times farther from the mean than the other one. */
const SPIKE_RATIO = 2;

export const artimeStateSchema = z.object({
  params: z.record(z.string(), z.number()),
  rows: z.number().int().nonnegative(),
  /** The smallest and largest value seen (encodeExact; empty before the first). */
  range: z.string(),
  /** The last window x step values, oldest first (encodeExact). */
  values: z.string(),
  network: fuzzyArtStateSchema,
  tail: conformalTailStateSchema,
  recentScores: z.string(),
});

/**
 * An adaptive-resonance detector in the style of ARTime (Hampton's NAB entry): each row, the last `window` blocks of
 * `step` rows become one input of a fuzzy ART network (FuzzyArt): each block's level within the range of every value
 * seen so far, and the window's shape (each level within the window's own lowest and highest), both quantised to
 * `levels`. The network learns window shapes online as categories. A window that resonates with a learned category
 * scores 0, so a shape once learned is not flagged again; a window that needs a new category (best match below the
 * `vigilance`) is scored by how rare its match shortfall is among the last `calibrationSize` shortfalls
 * (ConformalTail), in decimal digits mapped like the default's. Repeated anomalies of one incident are damped.
 */
export class Artime implements StreamScorer {
  private readonly recent: RecentValues;
  private rows = 0;
  private lowest = Infinity;
  private highest = -Infinity;
  private readonly network: FuzzyArt;
  private readonly tail: ConformalTail;
  private readonly damper: Damper;
  private readonly blocks: Float64Array;
  private readonly input: Uint8Array;
  private lastMatch = 0;
  private lastCategories = 0;
  private lastTailProbability = 1;

  constructor(
    readonly params: ArtimeParams,
    state?: z.output<typeof artimeStateSchema>
  ) {
    this.recent = new RecentValues(params.window * params.step);
    this.blocks = new Float64Array(params.window);
    this.input = new Uint8Array(2 * params.window);
    if (!state) {
      this.network = new FuzzyArt(2 * params.window, params.levels, params.categories);
      this.tail = new ConformalTail(params.calibrationSize);
      this.damper = new Damper(params.refractory, params.damping);
      return;
    }
    assertParamsMatch(state.params, params);
    const values = decodeExact(state.values);
    const range = decodeExact(state.range);
    if (
      values.length > this.recent.capacity ||
      values.length > state.rows ||
      (range.length !== 0 && range.length !== 2)
    ) {
      throw new Error(`${values.length} values or a range of ${range.length} numbers saved after ${state.rows} rows`);
    }
    values.forEach((value) => this.recent.push(value));
    this.rows = state.rows;
    if (range.length === 2) {
      [this.lowest, this.highest] = range;
    }
    this.network = new FuzzyArt(2 * params.window, params.levels, params.categories, state.network);
    this.tail = ConformalTail.fromState(params.calibrationSize, state.tail);
    this.damper = new Damper(params.refractory, params.damping, state.recentScores);
  }

  update(_timestamp: number, value: number): number {
    if (!Number.isFinite(value)) {
      return 0;
    }
    const p = this.params;
    this.rows++;
    this.recent.push(value);
    this.lowest = Math.min(this.lowest, value);
    this.highest = Math.max(this.highest, value);
    if (!this.recent.full) {
      return this.damper.apply(0);
    }
    this.encodeWindow();
    this.lastCategories = this.network.categories;
    const { match, created } = this.network.present(this.input, p.vigilance, this.rows);
    const shortfall = 1 - match;
    let digits = 0;
    if (created && this.rows > p.warmup) {
      this.lastTailProbability = this.tail.tailProbability(shortfall);
      digits = -Math.log10(this.lastTailProbability);
    }
    this.tail.push(shortfall);
    this.lastMatch = match;
    return this.damper.apply(scoreFromDigits(digits));
  }

  explain(): string {
    const { window, step, vigilance } = this.params;
    const blocks = step === 1 ? `${window} values` : `${window * step} values (${window} blocks of ${step})`;
    return `the last ${blocks} resonate with none of the ${this.lastCategories} window shapes learned before: best match ${this.lastMatch.toFixed(3)}, below the vigilance ${vigilance} (tail probability ${this.lastTailProbability.toExponential(1)})`;
  }

  toState(): z.input<typeof artimeStateSchema> {
    return {
      params: { ...this.params },
      rows: this.rows,
      range: encodeExact(this.rows === 0 ? new Float64Array(0) : Float64Array.of(this.lowest, this.highest)),
      values: encodeExact(this.recent.toArray()),
      network: this.network.toState(),
      tail: this.tail.toState(),
      recentScores: this.damper.toState(),
    };
  }

  /** Fills `input`: the window's block levels in the running range, then its shape within its own range. */
  private encodeWindow(): void {
    const { window, step, levels } = this.params;
    const { buffer, first } = this.recent;
    for (let b = 0; b < window; b++) {
      const from = first + b * step;
      let sum = 0;
      for (let j = 0; j < step; j++) {
        sum += buffer[from + j];
      }
      const mean = sum / step;
      let max = -Infinity;
      let min = Infinity;
      for (let j = 0; j < step; j++) {
        max = Math.max(max, buffer[from + j]);
        min = Math.min(min, buffer[from + j]);
      }
      const above = max - mean;
      const below = mean - min;
      this.blocks[b] = above > SPIKE_RATIO * below ? max : below > SPIKE_RATIO * above ? min : mean;
    }
    const span = this.highest - this.lowest;
    let low = levels;
    let high = 0;
    for (let b = 0; b < window; b++) {
      const level =
        span > 0 && Number.isFinite(span) ? Math.round(((this.blocks[b] - this.lowest) / span) * levels) : 0;
      this.input[b] = level;
      low = Math.min(low, level);
      high = Math.max(high, level);
    }
    for (let b = 0; b < window; b++) {
      this.input[window + b] = high > low ? Math.round(((this.input[b] - low) / (high - low)) * levels) : 0;
    }
  }
}
