import { z } from 'zod';
import { median } from '../util/robust';

/**
 * Flagged rows at most this many of the series' steps apart belong to one episode: an incident whose flags blink
 * on and off is one alert, one detection, one marked region, wherever it is counted. Ten is the default detector's
 * look-back for sustained shifts (`shortWindow`): its flags within ten rows share evidence (a level step is flagged
 * by the value test at the step and again by the shift test a few rows later).
 */
export const EPISODE_GAP_STEPS = 10;

/** The most anomalous row of an episode: its time, value and score. */
export interface EpisodePeak {
  index: number;
  atMs: number;
  value: number;
  score: number;
}

/** One anomaly episode: flagged rows close enough together to be one incident (an outage, a spike). */
export interface Episode {
  /** First and last row of the episode (inclusive). */
  start: number;
  end: number;
  startMs: number;
  endMs: number;
  /** Flagged rows inside the episode. */
  points: number;
  /** The flagged row with the highest score (the first of equals). */
  peak: EpisodePeak;
}

/** One row as the grouping sees it. */
export interface EpisodeRow {
  index: number;
  atMs: number;
  flagged: boolean;
  /** Keeps an open episode going past its flagged rows (e.g. the value is still outside its band); never opens one. */
  extends?: boolean;
  value?: number;
  score?: number;
}

/** An open episode as saved between runs (plain JSON; NaN and infinities are written as null). */
export const openEpisodeSchema = z.object({
  start: z.number(),
  end: z.number(),
  startMs: z.number(),
  endMs: z.number(),
  points: z.number().int().nonnegative(),
  peak: z.object({
    index: z.number(),
    atMs: z.number(),
    value: z
      .number()
      .nullable()
      .transform((value) => value ?? Number.NaN),
    score: z
      .number()
      .nullable()
      .transform((score) => score ?? Number.NaN),
  }),
});

/**
 * The one definition of how rows form episodes, one row at a time, so that a batch (`episodes()`) and the CLI's
 * runs (the open episode saved in the alert state and continued by the next run) group alike. Consecutive active
 * rows belong together; a flagged row at most `maxGapMs` after the open episode's last row joins it too, so
 * `maxGapMs` 0 joins only consecutive rows. A row that `extends` continues an episode only from an active row
 * before it. An episode is over at the first inactive row more than `maxGapMs` after its last row.
 */
export class EpisodeGrouping {
  private current: Episode | null;
  private previousActive: boolean;

  /** `resume`: the open episode of an earlier run, and whether that run's last row belonged to it. */
  constructor(
    readonly maxGapMs: number,
    resume?: { open: Episode | null; lastRowActive: boolean }
  ) {
    const open = resume?.open ?? null;
    this.current = open ? { ...open, peak: { ...open.peak } } : null;
    this.previousActive = open !== null && resume!.lastRowActive;
  }

  /** The episode still open (later rows may join it), or null. */
  get open(): Episode | null {
    return this.current;
  }

  /** Takes the next row (in time order); returns the episode it closed, if any. */
  push(row: EpisodeRow): Episode | null {
    const open = this.current;
    const joins = open !== null && (this.previousActive || row.atMs - open.endMs <= this.maxGapMs);
    const active = row.flagged || (this.previousActive && row.extends === true);
    this.previousActive = active;
    if (!active) {
      if (open && row.atMs - open.endMs > this.maxGapMs) {
        this.current = null;
        return open;
      }
      return null;
    }
    if (open && joins) {
      open.end = row.index;
      open.endMs = row.atMs;
      if (row.flagged) {
        open.points++;
        if (row.score !== undefined && (row.score > open.peak.score || Number.isNaN(open.peak.score))) {
          open.peak = peakOf(row);
        }
      }
      return null;
    }
    this.current = {
      start: row.index,
      end: row.index,
      startMs: row.atMs,
      endMs: row.atMs,
      points: 1,
      peak: peakOf(row),
    };
    return open;
  }
}

function peakOf(row: EpisodeRow): EpisodePeak {
  return { index: row.index, atMs: row.atMs, value: row.value ?? Number.NaN, score: row.score ?? Number.NaN };
}

export interface EpisodeOptions {
  /** Flagged rows at most this far apart (ms) join one episode; 0 (the default) joins only consecutive rows. */
  maxGapMs?: number;
  /**
   * One entry per row: an episode runs on past its flagged rows while these stay non-zero, e.g. 1 where the value
   * is still outside its expected band, so an outage the detector flags once at its start is marked until the
   * series is back.
   */
  extend?: ArrayLike<number>;
  /** One per row, for each episode's peak. */
  scores?: ArrayLike<number>;
  values?: ArrayLike<number>;
}

/** Groups a whole series' flagged rows (non-zero `flags`) into episodes with EpisodeGrouping. */
export function episodes(
  flags: ArrayLike<number>,
  timestamps: ArrayLike<number>,
  options: EpisodeOptions = {}
): Episode[] {
  const { extend, scores, values } = options;
  for (const [name, column] of Object.entries({ timestamps, extend, scores, values })) {
    if (column && column.length !== flags.length) {
      throw new Error(`episodes: ${flags.length} flags but ${column.length} ${name}`);
    }
  }
  const grouping = new EpisodeGrouping(options.maxGapMs ?? 0);
  const found: Episode[] = [];
  for (let i = 0; i < flags.length; i++) {
    const closed = grouping.push({
      index: i,
      atMs: timestamps[i],
      flagged: flags[i] !== 0,
      extends: extend ? extend[i] !== 0 : false,
      score: scores ? scores[i] : undefined,
      value: values ? values[i] : undefined,
    });
    if (closed) {
      found.push(closed);
    }
  }
  if (grouping.open) {
    found.push(grouping.open);
  }
  return found;
}

/** The typical step of a series (the median gap between rows), 0 with fewer than two rows. */
export function typicalStepMs(timestamps: ArrayLike<number>): number {
  if (timestamps.length < 2) {
    return 0;
  }
  const steps = new Float64Array(timestamps.length - 1);
  for (let i = 1; i < timestamps.length; i++) {
    steps[i - 1] = timestamps[i] - timestamps[i - 1];
  }
  return median(steps);
}

/** A series' episodes with the standard gap of EPISODE_GAP_STEPS of its own typical step. */
export function seriesEpisodeGapMs(timestamps: ArrayLike<number>): number {
  return EPISODE_GAP_STEPS * typicalStepMs(timestamps);
}
