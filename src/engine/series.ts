/** One time series: sorted timestamps (ms since epoch) and values; NaN marks a missing sample. */
export interface Series {
  labels: Record<string, string>;
  timestamps: Float64Array;
  values: Float64Array;
}

/** The index of the last finite value, or -1 when there is none. */
export function lastFiniteIndex(values: Float64Array): number {
  let i = values.length - 1;
  while (i >= 0 && !Number.isFinite(values[i])) {
    i--;
  }
  return i;
}

/** The series' identity as a stable string: labels sorted by name. */
export function seriesKey(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((name) => `${name}=${JSON.stringify(labels[name])}`).join(',')}}`;
}

/**
 * The series as a PromQL selector, written as Prometheus writes series: the metric name, then the other labels
 * sorted by name with their values quoted and escaped (`http_requests_total{code="500", job="api"}`), so it can be
 * pasted into a query. Internal labels (`__` prefix) and empty values, which Prometheus treats as absent, are left
 * out; a series without labels is `{}`.
 */
export function seriesSelector(labels: Record<string, string>): string {
  const { __name__: metric = '', ...rest } = labels;
  const matchers = Object.keys(rest)
    .filter((name) => !name.startsWith('__') && rest[name] !== '')
    .sort()
    .map((name) => `${name}=${JSON.stringify(rest[name])}`);
  return matchers.length > 0 ? `${metric}{${matchers.join(', ')}}` : metric || '{}';
}
