import { z } from 'zod';
import { DecayingStats, decayingStatsStateSchema } from '../default/decayingStats';
import { scoreFromDigits } from '../default/defaultScorer';
import { ContextMemory, contextMemoryStateSchema } from './contextMemory';
import { assertParamsMatch } from '../util/paramMismatch';
import { Damper } from './damper';
import type { ContextualParams } from './streamParams';
import type { StreamScorer } from './scorerDetector';

/** Standard deviations either side of the mean that the quantisation levels cover (beyond: the outermost level). */
const SPAN_SD = 4;

export const contextualStateSchema = z.object({
  params: z.record(z.string(), z.number()),
  rows: z.number().int().nonnegative(),
  values: decayingStatsStateSchema,
  recentLevels: z.array(z.number().int().nonnegative()),
  memory: contextMemoryStateSchema,
  /** Per context length, how often a context of that length was new (running mean of 0/1 over `window`). */
  rates: z.array(decayingStatsStateSchema),
  recentScores: z.string(),
});

/**
 * A contextual novelty detector in the spirit of CAD OSE: each value is quantised to one of `levels` levels (by
 * the running mean and spread), and the contexts ending at it (its level, the last two levels, ... the last
 * `contextLength`) are looked up in a bounded memory of contexts seen before. For each length, how often a context
 * of that length was new is a running rate over `window` rows; the surprise is the sum, over the lengths whose
 * context is new now, of -log10 of that rate (floored at one in the rows seen). A new level in a steady pattern is
 * new at every length and rare at each: many digits. A noisy series, whose long contexts are always new, pays
 * almost nothing for them.
 */
export class Contextual implements StreamScorer {
  private rows = 0;
  private readonly values: DecayingStats;
  private readonly recentLevels: number[];
  private readonly memory: ContextMemory;
  private readonly rates: DecayingStats[];
  private readonly damper: Damper;
  private readonly unseen: boolean[];
  private lastDigits = 0;

  constructor(
    readonly params: ContextualParams,
    state?: z.output<typeof contextualStateSchema>
  ) {
    this.unseen = new Array<boolean>(params.contextLength).fill(false);
    if (!state) {
      this.values = new DecayingStats(params.window);
      this.recentLevels = [];
      this.memory = new ContextMemory(params.slots);
      this.rates = this.unseen.map(() => new DecayingStats(params.window));
      this.damper = new Damper(params.refractory, params.damping);
      return;
    }
    assertParamsMatch(state.params, params);
    if (state.recentLevels.length > params.contextLength || state.rates.length !== params.contextLength) {
      throw new Error('recent levels or novelty rates do not fit the parameters');
    }
    this.rows = state.rows;
    this.values = DecayingStats.fromState(params.window, state.values);
    this.recentLevels = [...state.recentLevels];
    this.memory = new ContextMemory(params.slots, state.memory);
    this.rates = state.rates.map((rate) => DecayingStats.fromState(params.window, rate));
    this.damper = new Damper(params.refractory, params.damping, state.recentScores);
  }

  update(_timestamp: number, value: number): number {
    if (!Number.isFinite(value)) {
      return 0;
    }
    const p = this.params;
    this.rows++;
    const level = this.level(value);
    this.values.push(value);
    this.recentLevels.push(level);
    if (this.recentLevels.length > p.contextLength) {
      this.recentLevels.shift();
    }
    this.visitContexts();
    let digits = 0;
    for (let k = 0; k < this.unseen.length; k++) {
      const rate = this.rates[k];
      if (this.unseen[k]) {
        digits -= Math.log10(Math.max(rate.mean, 1 / (Math.min(rate.size, p.window) + 1)));
      }
    }
    this.unseen.forEach((unseen, k) => this.rates[k].push(unseen ? 1 : 0));
    this.lastDigits = digits;
    return this.damper.apply(this.rows <= p.warmup ? 0 : scoreFromDigits(digits));
  }

  explain(): string {
    const shortest = this.unseen.indexOf(true) + 1;
    return `a pattern of the last ${shortest} value${shortest === 1 ? '' : 's'} never seen before (together as rare as 1 in 10^${this.lastDigits.toFixed(1)})`;
  }

  toState(): z.input<typeof contextualStateSchema> {
    return {
      params: { ...this.params },
      rows: this.rows,
      values: this.values.toState(),
      recentLevels: [...this.recentLevels],
      memory: this.memory.toState(),
      rates: this.rates.map((rate) => rate.toState()),
      recentScores: this.damper.toState(),
    };
  }

  private level(value: number): number {
    const { levels } = this.params;
    if (this.values.size < 2) {
      return levels >> 1;
    }
    const { mean, variance } = this.values;
    // Below 1e-9 of the series' scale (its root mean square) and 1e-6 of its mean, spread is rounding noise; never 0.
    const floor = Math.max(1e-9 * Math.sqrt(mean * mean + variance), Number.MIN_VALUE) + 1e-6 * Math.abs(mean);
    const sd = Math.max(Math.sqrt(variance), floor);
    const position = ((value - mean) / sd + SPAN_SD) / (2 * SPAN_SD);
    return Math.min(levels - 1, Math.max(0, Math.floor(position * levels)));
  }

  /** Visits the contexts ending at the newest level; marks in `unseen` the lengths not remembered. */
  private visitContexts(): void {
    const levels = this.recentLevels;
    let hash = 2166136261;
    for (let length = 1; length <= this.unseen.length; length++) {
      if (length > levels.length) {
        this.unseen[length - 1] = false;
        continue;
      }
      hash = Math.imul(hash ^ (levels[levels.length - length] + 1), 16777619) >>> 0;
      const key = Math.imul(hash ^ length, 2246822519) >>> 0 || 1;
      this.unseen[length - 1] = !this.memory.visit(key, this.rows);
    }
  }
}
