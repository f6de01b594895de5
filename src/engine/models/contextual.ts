import { z } from 'zod';
import { DecayingStats, decayingStatsStateSchema } from '../default/decayingStats';
import { scoreFromDigits } from '../default/defaultScorer';
import { ConformalTail, conformalTailStateSchema } from './conformalTail';
import { ContextMemory, contextMemoryStateSchema } from './contextMemory';
import { paramMismatch } from '../util/paramMismatch';
import { Damper } from './damper';
import type { StreamScorer } from './scorerDetector';

/** Standard deviations either side of the mean that the quantisation levels cover (beyond: the outermost level). */
const SPAN_SD = 4;

export const contextualParamsSchema = z
  .object({
    /** Quantisation levels of a value (over +-4 sd of the values seen). */
    levels: z.number().int().min(2).max(64).default(16),
    /** Longest context: the last this many quantised values. */
    contextLength: z.number().int().min(1).max(16).default(6),
    /** Contexts remembered (a multiple of 4). */
    slots: z.number().int().min(16).max(1024).default(768),
    /** Memory, in rows, of the mean and spread the values are quantised by. */
    window: z.number().int().min(50).max(100_000).default(4000),
    /** Novelties the current one is ranked among; 0 scores the raw novelty instead. */
    calibrationSize: z.number().int().min(0).max(1000).default(150),
    /** Rows scored 0 while the memory fills. */
    warmup: z.number().int().min(10).max(10_000).default(150),
    refractory: z.number().int().min(0).max(10_000).default(100),
    damping: z.number().min(0).max(1).default(0.5),
  })
  .strict();

export type ContextualParams = z.output<typeof contextualParamsSchema>;

export const contextualStateSchema = z.object({
  params: z.record(z.string(), z.number()),
  rows: z.number().int().nonnegative(),
  values: decayingStatsStateSchema,
  recentLevels: z.array(z.number().int().nonnegative()),
  memory: contextMemoryStateSchema,
  tail: conformalTailStateSchema.nullable(),
  recentScores: z.string(),
});

/**
 * A contextual novelty detector in the spirit of CAD OSE: each value is quantised to one of `levels` levels (by
 * the running mean and spread), and the contexts ending at it (its level, the last two levels, ... the last
 * `contextLength`) are looked up in a bounded memory of contexts seen before. Novelty is the share of them never
 * seen (or long forgotten); a known pattern has none, a new level or a new shape has many. The novelty is ranked
 * against the recent novelties (ConformalTail), so a series whose contexts are always new does not alert all day.
 */
export class Contextual implements StreamScorer {
  private rows = 0;
  private readonly values: DecayingStats;
  private readonly recentLevels: number[];
  private readonly memory: ContextMemory;
  private readonly tail: ConformalTail | null;
  private readonly damper: Damper;
  private lastNovelty = 0;
  private lastTailProbability = 1;

  constructor(
    readonly params: ContextualParams,
    state?: z.output<typeof contextualStateSchema>
  ) {
    const calibrated = params.calibrationSize > 0;
    if (!state) {
      this.values = new DecayingStats(params.window);
      this.recentLevels = [];
      this.memory = new ContextMemory(params.slots);
      this.tail = calibrated ? new ConformalTail(params.calibrationSize) : null;
      this.damper = new Damper(params.refractory, params.damping);
      return;
    }
    const mismatch = paramMismatch(state.params, params);
    if (mismatch !== null) {
      throw new Error(mismatch);
    }
    if (state.recentLevels.length > params.contextLength || (state.tail === null) === calibrated) {
      throw new Error('recent levels or calibration set do not fit the parameters');
    }
    this.rows = state.rows;
    this.values = DecayingStats.fromState(params.window, state.values);
    this.recentLevels = [...state.recentLevels];
    this.memory = new ContextMemory(params.slots, state.memory);
    this.tail = state.tail ? ConformalTail.fromState(params.calibrationSize, state.tail) : null;
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
    const novelty = this.visitContexts();
    if (this.rows <= p.warmup) {
      this.tail?.push(novelty);
      return this.damper.apply(0);
    }
    let score = novelty;
    this.lastTailProbability = 1;
    if (this.tail) {
      this.lastTailProbability = this.tail.tailProbability(novelty);
      this.tail.push(novelty);
      score = scoreFromDigits(-Math.log10(this.lastTailProbability));
    }
    this.lastNovelty = novelty;
    return this.damper.apply(score);
  }

  explain(): string {
    const share = Math.round(100 * this.lastNovelty);
    const rarity = this.tail ? ` (tail probability ${this.lastTailProbability.toExponential(1)})` : '';
    return `${share}% of the patterns of the last ${this.params.contextLength} values were never seen before${rarity}`;
  }

  toState(): z.input<typeof contextualStateSchema> {
    return {
      params: { ...this.params },
      rows: this.rows,
      values: this.values.toState(),
      recentLevels: [...this.recentLevels],
      memory: this.memory.toState(),
      tail: this.tail ? this.tail.toState() : null,
      recentScores: this.damper.toState(),
    };
  }

  private level(value: number): number {
    const { levels } = this.params;
    if (this.values.size < 2) {
      return levels >> 1;
    }
    const sd = Math.max(Math.sqrt(this.values.variance), 1e-9 + 1e-6 * Math.abs(this.values.mean));
    const position = ((value - this.values.mean) / sd + SPAN_SD) / (2 * SPAN_SD);
    return Math.min(levels - 1, Math.max(0, Math.floor(position * levels)));
  }

  /** Visits the contexts ending at the newest level; returns the share of them not remembered. */
  private visitContexts(): number {
    const levels = this.recentLevels;
    let hash = 2166136261;
    let unseen = 0;
    for (let length = 1; length <= levels.length; length++) {
      hash = Math.imul(hash ^ (levels[levels.length - length] + 1), 16777619) >>> 0;
      const key = Math.imul(hash ^ length, 2246822519) >>> 0 || 1;
      if (!this.memory.visit(key, this.rows)) {
        unseen++;
      }
    }
    return unseen / this.params.contextLength;
  }
}
