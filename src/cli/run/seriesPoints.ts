import type { Series } from '../../engine/series';

/** The points [from, to) of a series, sharing its buffers. */
export function sliceSeries(series: Series, from: number, to = series.timestamps.length): Series {
  return {
    labels: series.labels,
    timestamps: series.timestamps.subarray(from, to),
    values: series.values.subarray(from, to),
  };
}

/** How many values are real numbers (gaps are NaN). */
export function finiteCount(values: Float64Array): number {
  let count = 0;
  for (const value of values) {
    if (Number.isFinite(value)) {
      count++;
    }
  }
  return count;
}
