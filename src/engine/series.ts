/** One time series: sorted timestamps (ms since epoch) and values; NaN marks a missing sample. */
export interface Series {
  labels: Record<string, string>;
  timestamps: Float64Array;
  values: Float64Array;
}

/** The series' identity as a stable string: labels sorted by name. */
export function seriesKey(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((name) => `${name}=${JSON.stringify(labels[name])}`).join(',')}}`;
}
