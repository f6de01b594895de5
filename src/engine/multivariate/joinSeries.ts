import { counterRate } from '../preprocess/counterRate';
import { alignToGrid, counterToRate } from '../preprocess/grid';
import { lastFiniteIndex, seriesKey, type Series } from '../series';

/** One metric of a multivariate detector (named as in its spec) with that metric's series. */
export interface MetricSeries {
  metric: string;
  series: Series[];
}

/** Several metrics of one target on one time grid. */
export interface JoinedSeries {
  /** The join labels' values (e.g. `{ instance: "web-1" }`): the target's identity. */
  labels: Record<string, string>;
  metrics: string[];
  timestamps: Float64Array;
  /** One array per metric, aligned with `timestamps`; NaN where that metric has no sample. */
  values: Float64Array[];
}

export interface JoinOutcome {
  joined: JoinedSeries[];
  /** Targets (join keys) that lack one of the metrics, with the metrics they lack. */
  incomplete: Array<{ labels: Record<string, string>; missing: string[] }>;
  /** Targets where a metric matched more than one series (the first by labels is used). */
  ambiguous: Array<{ labels: Record<string, string>; metric: string; series: number }>;
}

/**
 * Joins each metric's series by the values of the `on` labels and puts every target's metrics on one grid
 * of `stepMs`, spanning all of them. A series lacking one of the `on` labels joins nothing. With `counter`
 * (the spec's `counter: true`: every query returns raw counters), each metric on the grid is its per-second rate,
 * NaN after a missing sample and across a reset, and at the first step unless `before` (the same queries over the
 * range before, e.g. the history a detector was fitted on) has a sample of the same series on an earlier step.
 */
export function joinSeries(
  metrics: MetricSeries[],
  on: string[],
  stepMs: number,
  counter = false,
  before: MetricSeries[] = []
): JoinOutcome {
  const targets = new Map<string, { labels: Record<string, string>; byMetric: Map<string, Series[]> }>();
  for (const { metric, series } of metrics) {
    for (const one of series) {
      if (!on.every((name) => one.labels[name] !== undefined)) {
        continue;
      }
      const labels = Object.fromEntries(on.map((name) => [name, one.labels[name]]));
      const key = seriesKey(labels);
      const target = targets.get(key) ?? { labels, byMetric: new Map<string, Series[]>() };
      targets.set(key, target);
      target.byMetric.set(metric, [...(target.byMetric.get(metric) ?? []), one]);
    }
  }
  const names = metrics.map(({ metric }) => metric);
  const lastBefore = counter ? lastSamples(before) : new Map<string, Sample>();
  const outcome: JoinOutcome = { joined: [], incomplete: [], ambiguous: [] };
  for (const key of [...targets.keys()].sort()) {
    const { labels, byMetric } = targets.get(key)!;
    const missing = names.filter((name) => !byMetric.has(name));
    if (missing.length > 0) {
      outcome.incomplete.push({ labels, missing });
      continue;
    }
    const chosen = names.map((name) => {
      const candidates = byMetric.get(name)!;
      if (candidates.length > 1) {
        outcome.ambiguous.push({ labels, metric: name, series: candidates.length });
      }
      return [...candidates].sort((a, b) => (seriesKey(a.labels) < seriesKey(b.labels) ? -1 : 1))[0];
    });
    const previous = chosen.map((one, m) => lastBefore.get(`${names[m]} ${seriesKey(one.labels)}`));
    outcome.joined.push(onOneGrid(labels, names, chosen, stepMs, counter, previous));
  }
  return outcome;
}

interface Sample {
  timestamp: number;
  value: number;
}

/** Each series' last finite sample, by its metric and labels. */
function lastSamples(metrics: MetricSeries[]): Map<string, Sample> {
  const last = new Map<string, Sample>();
  for (const { metric, series } of metrics) {
    for (const { labels, timestamps, values } of series) {
      const i = lastFiniteIndex(values);
      if (i >= 0) {
        last.set(`${metric} ${seriesKey(labels)}`, { timestamp: timestamps[i], value: values[i] });
      }
    }
  }
  return last;
}

function onOneGrid(
  labels: Record<string, string>,
  metrics: string[],
  series: Series[],
  stepMs: number,
  counter: boolean,
  previous: Array<Sample | undefined>
): JoinedSeries {
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const one of series) {
    if (one.timestamps.length > 0) {
      startMs = Math.min(startMs, one.timestamps[0]);
      endMs = Math.max(endMs, one.timestamps[one.timestamps.length - 1]);
    }
  }
  if (!Number.isFinite(startMs)) {
    return { labels, metrics, timestamps: new Float64Array(0), values: metrics.map(() => new Float64Array(0)) };
  }
  const aligned = series.map((one, m) => {
    const onGrid = alignToGrid(one, stepMs, { startMs, endMs });
    return counter ? ratesOnGrid(onGrid, stepMs, previous[m]) : onGrid;
  });
  return { labels, metrics, timestamps: aligned[0].timestamps, values: aligned.map((one) => one.values) };
}

/** A counter's rates on the grid; the first step's from `previous` when that lies on an earlier step. */
function ratesOnGrid(onGrid: Series, stepMs: number, previous: Sample | undefined): Series {
  const rates = counterToRate(onGrid);
  if (previous && onGrid.timestamps.length > 0) {
    // On the grid's time, as every other rate of the join is taken.
    const previousMs = Math.round(previous.timestamp / stepMs) * stepMs;
    rates.values[0] = counterRate(previousMs, previous.value, onGrid.timestamps[0], onGrid.values[0]);
  }
  return rates;
}

/** The points [from, to) of a joined series, sharing its buffers. */
export function sliceJoined(joined: JoinedSeries, from: number, to = joined.timestamps.length): JoinedSeries {
  return {
    ...joined,
    timestamps: joined.timestamps.subarray(from, to),
    values: joined.values.map((values) => values.subarray(from, to)),
  };
}
