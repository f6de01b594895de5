import { PrometheusClient } from '../../clients/prometheus';
import { ClientError } from '../../clients/errors';
import { seriesKey, type Series } from '../../engine';
import { windowsFromTimeRanges } from '../../engine/evaluation';
import { UserError } from '../command';
import type { CorpusFile } from './nabCorpus';
import { quoteInput } from '../../engine/util/quote';

export interface PrometheusCorpusOptions {
  /** The series to backtest (one corpus file per returned series). */
  query: string;
  /** The label series: non-zero where the matching series is anomalous. */
  labelsQuery: string;
  startMs: number;
  endMs: number;
  stepMs: number;
}

function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _name, ...rest } = labels;
  return rest;
}

/** Runs of consecutive non-zero label samples as [startMs, endMs]; a gap longer than 1.5 steps ends a run. */
export function labelRanges(labels: Series, stepMs: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = NaN;
  let last = NaN;
  for (let i = 0; i < labels.timestamps.length; i++) {
    const t = labels.timestamps[i];
    const on = Number.isFinite(labels.values[i]) && labels.values[i] !== 0;
    const contiguous = !Number.isNaN(last) && t - last <= 1.5 * stepMs;
    if (on && !Number.isNaN(start) && contiguous) {
      last = t;
    } else {
      if (!Number.isNaN(start)) {
        ranges.push([start, last]);
      }
      start = on ? t : NaN;
      last = on ? t : NaN;
    }
  }
  if (!Number.isNaN(start)) {
    ranges.push([start, last]);
  }
  return ranges;
}

/** A client's failure (a query Prometheus rejects, an unreachable server) as one line naming the flag. */
async function queryOrExplain(
  client: PrometheusClient,
  query: string,
  flag: string,
  { startMs, endMs, stepMs }: PrometheusCorpusOptions
): Promise<Series[]> {
  try {
    return await client.queryRange(query, startMs, endMs, stepMs);
  } catch (error) {
    if (error instanceof ClientError) {
      throw new UserError(`backtest: ${flag} ${quoteInput(query)}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * A labelled corpus from Prometheus: every series of `query` over the range, with windows where the label series of
 * the same labels (ignoring __name__) is non-zero. A label series without labels of its own (e.g. `vector(0)` or a
 * recording rule aggregated by nothing) labels every series.
 */
export async function readPrometheusCorpus(
  client: PrometheusClient,
  options: PrometheusCorpusOptions
): Promise<CorpusFile[]> {
  const { stepMs } = options;
  const [series, labels] = await Promise.all([
    queryOrExplain(client, options.query, '--query', options),
    queryOrExplain(client, options.labelsQuery, '--labels', options),
  ]);
  if (series.length === 0) {
    throw new UserError(`backtest: the query ${quoteInput(options.query)} returned no series in the range`);
  }
  if (labels.length === 0) {
    throw new UserError(
      `backtest: the label query ${quoteInput(options.labelsQuery)} returned no series in the range ` +
        '(it should be non-zero where a series is anomalous and 0 elsewhere)'
    );
  }
  const labelsByKey = new Map(labels.map((l) => [seriesKey(withoutName(l.labels)), l]));
  const shared = labels.length === 1 && Object.keys(withoutName(labels[0].labels)).length === 0 ? labels[0] : undefined;
  return series.map((s) => {
    const key = seriesKey(withoutName(s.labels));
    const label = labelsByKey.get(key) ?? shared;
    const windows = label ? windowsFromTimeRanges(s.timestamps, labelRanges(label, stepMs)) : [];
    return {
      name: seriesKey(s.labels),
      series: { timestamps: s.timestamps, values: s.values },
      windows,
      labelRows: [],
    };
  });
}
