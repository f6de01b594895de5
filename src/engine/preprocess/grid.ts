import type { Series } from '../series';
import { counterRate } from './counterRate';
import { PreprocessError } from './prometheus';

/** A run of missing points on the grid that was too long to fill. Indices are inclusive. */
export interface Gap {
  startIndex: number;
  endIndex: number;
  startMs: number;
  endMs: number;
}

function checkStep(stepMs: number): void {
  if (!(stepMs > 0) || !Number.isFinite(stepMs)) {
    throw new PreprocessError(`step must be a positive number of milliseconds, got ${stepMs}`);
  }
}

/**
 * Puts the series on a regular grid of `stepMs` (from the first sample's step boundary to the
 * last's, or the given range). Each grid point takes the last finite sample within half a step of
 * it; grid points without one are NaN.
 */
export function alignToGrid(series: Series, stepMs: number, range?: { startMs: number; endMs: number }): Series {
  checkStep(stepMs);
  const { timestamps, values } = series;
  if (!range && timestamps.length === 0) {
    return { labels: series.labels, timestamps: new Float64Array(0), values: new Float64Array(0) };
  }
  const start = Math.round((range?.startMs ?? timestamps[0]) / stepMs) * stepMs;
  const end = Math.round((range?.endMs ?? timestamps[timestamps.length - 1]) / stepMs) * stepMs;
  const count = end >= start ? Math.floor((end - start) / stepMs) + 1 : 0;
  const gridTimes = new Float64Array(count);
  const gridValues = new Float64Array(count).fill(NaN);
  for (let i = 0; i < count; i++) {
    gridTimes[i] = start + i * stepMs;
  }
  for (let i = 0; i < timestamps.length; i++) {
    const slot = Math.round((timestamps[i] - start) / stepMs);
    if (slot >= 0 && slot < count && Number.isFinite(values[i])) {
      gridValues[slot] = values[i];
    }
  }
  return { labels: series.labels, timestamps: gridTimes, values: gridValues };
}

/** Replaces Inf and -Inf (and Prometheus stale markers, which arrive as NaN) by NaN; counts them. */
export function dropInvalid(series: Series): { series: Series; invalidCount: number } {
  const values = series.values.slice();
  let invalidCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      values[i] = NaN;
      invalidCount++;
    }
  }
  return { series: { labels: series.labels, timestamps: series.timestamps, values }, invalidCount };
}

/**
 * Fills runs of up to `limit` missing (NaN) points: forward from the last value before the run, or
 * backward from the first value after it when the run starts the series. Longer runs stay NaN and
 * are reported as gaps.
 */
export function fillGaps(series: Series, limit: number): { series: Series; gaps: Gap[] } {
  const values = series.values.slice();
  const { timestamps } = series;
  const gaps: Gap[] = [];
  let i = 0;
  while (i < values.length) {
    if (!Number.isNaN(values[i])) {
      i++;
      continue;
    }
    let end = i;
    while (end + 1 < values.length && Number.isNaN(values[end + 1])) {
      end++;
    }
    const length = end - i + 1;
    const fill = i > 0 ? values[i - 1] : end + 1 < values.length ? values[end + 1] : NaN;
    if (length <= limit && !Number.isNaN(fill)) {
      values.fill(fill, i, end + 1);
    } else {
      gaps.push({ startIndex: i, endIndex: end, startMs: timestamps[i], endMs: timestamps[end] });
    }
    i = end + 1;
  }
  return { series: { labels: series.labels, timestamps, values }, gaps };
}

/** Per-second rate of a counter (see counterRate); the first point, and points after a missing sample, are NaN. */
export function counterToRate(series: Series): Series {
  const { timestamps, values } = series;
  const rates = new Float64Array(values.length).fill(NaN);
  for (let i = 1; i < values.length; i++) {
    rates[i] = counterRate(timestamps[i - 1], values[i - 1], timestamps[i], values[i]);
  }
  return { labels: series.labels, timestamps, values: rates };
}

export type ResampleAggregate = 'mean' | 'last' | 'max' | 'min' | 'sum';

/** Buckets samples into steps of `stepMs` (bucket start = floor to the step) and aggregates finite values. */
export function resample(series: Series, stepMs: number, aggregate: ResampleAggregate = 'mean'): Series {
  checkStep(stepMs);
  const { timestamps, values } = series;
  if (timestamps.length === 0) {
    return { labels: series.labels, timestamps: new Float64Array(0), values: new Float64Array(0) };
  }
  const start = Math.floor(timestamps[0] / stepMs) * stepMs;
  const count = Math.floor((timestamps[timestamps.length - 1] - start) / stepMs) + 1;
  const out = new Float64Array(count).fill(NaN);
  const counts = new Float64Array(count);
  for (let i = 0; i < timestamps.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) {
      continue;
    }
    const slot = Math.floor((timestamps[i] - start) / stepMs);
    const previous = out[slot];
    counts[slot]++;
    if (Number.isNaN(previous)) {
      out[slot] = x;
    } else if (aggregate === 'mean' || aggregate === 'sum') {
      out[slot] = previous + x;
    } else if (aggregate === 'last') {
      out[slot] = x;
    } else if (aggregate === 'max') {
      out[slot] = Math.max(previous, x);
    } else {
      out[slot] = Math.min(previous, x);
    }
  }
  if (aggregate === 'mean') {
    for (let slot = 0; slot < count; slot++) {
      if (counts[slot] > 0) {
        out[slot] /= counts[slot];
      }
    }
  }
  return {
    labels: series.labels,
    timestamps: Float64Array.from({ length: count }, (_, slot) => start + slot * stepMs),
    values: out,
  };
}

export interface PreparedSeries {
  series: Series;
  gaps: Gap[];
  invalidCount: number;
}

/**
 * The usual preparation: drop Inf/stale samples, rate for counters, align to the step grid, fill
 * gaps of up to `gapLimit` steps. Longer gaps stay NaN and are listed.
 */
export function prepareSeries(
  series: Series,
  options: { stepMs: number; counter?: boolean; gapLimit?: number }
): PreparedSeries {
  const { series: valid, invalidCount } = dropInvalid(series);
  const aligned = alignToGrid(valid, options.stepMs);
  const measured = options.counter ? counterToRate(aligned) : aligned;
  const { series: filled, gaps } = fillGaps(measured, options.gapLimit ?? 5);
  return { series: filled, gaps, invalidCount };
}
