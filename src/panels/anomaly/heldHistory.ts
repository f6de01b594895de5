import { gridPointCount } from '../../clients';
import { seriesKey, type Series } from '../../engine/series';

/**
 * The history a panel holds for one query between refreshes: its series by key, read on the grid `firstMs + k x
 * stepMs`, every grid time before `nextMs` read.
 */
export interface HeldHistory {
  stepMs: number;
  firstMs: number;
  nextMs: number;
  series: Map<string, Series>;
}

/**
 * What to read from Prometheus to hold the window [startMs, endMs] on a grid of `stepMs`: only the grid times after
 * what is held when the window moved forward over it (a dashboard refreshing), else the whole window. Null when
 * nothing new is due.
 */
export function historyToRead(
  held: HeldHistory | undefined,
  startMs: number,
  endMs: number,
  stepMs: number
): { startMs: number; endMs: number } | null {
  const slides = held !== undefined && held.stepMs === stepMs && startMs >= held.firstMs && startMs <= held.nextMs;
  if (!slides) {
    return { startMs, endMs };
  }
  return held.nextMs <= endMs ? { startMs: held.nextMs, endMs } : null;
}

/**
 * The history held after reading `read` over `span` (on the grid of `stepMs`, as `historyToRead` said) for the window
 * that starts at `windowStartMs`: the held points from the window's start on and the points read after them, per
 * series. A series only in the read holds what was read; one no longer answered keeps its points within the window.
 */
export function holdHistory(
  held: HeldHistory | undefined,
  read: Series[],
  span: { startMs: number; endMs: number },
  windowStartMs: number,
  stepMs: number
): HeldHistory {
  const nextMs = span.startMs + gridPointCount(span.startMs, span.endMs, stepMs) * stepMs;
  const continues = held !== undefined && span.startMs === held.nextMs && held.stepMs === stepMs;
  if (!continues) {
    return { stepMs, firstMs: span.startMs, nextMs, series: new Map(read.map((one) => [seriesKey(one.labels), one])) };
  }
  const series = new Map<string, Series>();
  const newer = new Map(read.map((one) => [seriesKey(one.labels), one]));
  for (const key of new Set([...held.series.keys(), ...newer.keys()])) {
    const joined = joinAfter(held.series.get(key), newer.get(key), windowStartMs);
    if (joined.timestamps.length > 0) {
      series.set(key, joined);
    }
  }
  return { stepMs, firstMs: held.firstMs, nextMs, series };
}

/** The held series from `startMs` on, in arrays of their own (which the caller may transfer to a worker). */
export function historyFrom(held: HeldHistory, startMs: number): Map<string, Series> {
  const series = new Map<string, Series>();
  for (const [key, one] of held.series) {
    const window = joinAfter(one, undefined, startMs);
    if (window.timestamps.length > 0) {
      series.set(key, window);
    }
  }
  return series;
}

/** The points of `older` from `startMs` on, then those of `newer`, in new arrays. */
function joinAfter(older: Series | undefined, newer: Series | undefined, startMs: number): Series {
  const labels = (older ?? newer)!.labels;
  const kept = older ? older.timestamps.findIndex((time) => time >= startMs) : -1;
  const from = kept < 0 ? (older?.timestamps.length ?? 0) : kept;
  const oldCount = (older?.timestamps.length ?? 0) - from;
  const newCount = newer?.timestamps.length ?? 0;
  const timestamps = new Float64Array(oldCount + newCount);
  const values = new Float64Array(oldCount + newCount);
  if (older) {
    timestamps.set(older.timestamps.subarray(from));
    values.set(older.values.subarray(from));
  }
  if (newer) {
    timestamps.set(newer.timestamps, oldCount);
    values.set(newer.values, oldCount);
  }
  return { labels, timestamps, values };
}
