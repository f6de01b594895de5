import type { DataFrame, DataQueryRequest } from '@grafana/data';
import { fromDataFrames } from '../../engine/preprocess/dataFrame';
import type { MetricSeries } from '../../engine/multivariate/joinSeries';

/** One query of a multivariate panel: its metric name, PromQL and series. */
export interface PanelMetric extends MetricSeries {
  query: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The panel's queries as the metrics of a multivariate detector, in query order: each named by its legend
 * when that is a plain name (e.g. `latency`), else by its refId, with the frames of that refId as its series.
 */
export function panelMetrics(request: DataQueryRequest | undefined, frames: DataFrame[]): PanelMetric[] {
  const targets = (request?.targets ?? []) as Array<{ refId: string; expr?: string; legendFormat?: string }>;
  return targets
    .filter((target) => typeof target.expr === 'string' && target.expr.trim() !== '')
    .map((target) => ({
      metric: target.legendFormat && LABEL_NAME.test(target.legendFormat) ? target.legendFormat : target.refId,
      query: target.expr!,
      series: fromDataFrames(frames.filter((frame) => frame.refId === target.refId)),
    }));
}
