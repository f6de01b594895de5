import type { DataQueryRequest } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import { parseDetectorSpec, type DetectorSpec } from '../../engine/detectorSpec';
import { formatDuration } from '../../engine/duration';
import { isMultivariateKind, MULTIVARIATE_KINDS } from '../../engine/multivariate/multivariateParams';
import { MODEL_LABELS } from './modelLabels';
import type { AnomalyPanelOptions } from './options';

interface PrometheusTarget extends DataQuery {
  expr?: string;
}

export interface PanelQuery {
  expr: string;
  datasourceUid: string;
}

/** The first Prometheus query of the panel, if there is one. */
export function panelQuery(request: DataQueryRequest | undefined): PanelQuery | undefined {
  const target = request?.targets?.find(
    (one: PrometheusTarget) => typeof one.expr === 'string' && one.expr.trim() !== ''
  ) as PrometheusTarget | undefined;
  if (!target?.expr) {
    return undefined;
  }
  const uid = target.datasource?.uid ?? request?.targets?.[0]?.datasource?.uid ?? 'prometheus';
  return { expr: target.expr, datasourceUid: uid };
}

/** The detector spec the panel scores with: its options over its query. */
export function panelDetectorSpec(
  options: AnomalyPanelOptions,
  query: PanelQuery | undefined,
  stepMs: number | undefined,
  metrics: Array<{ metric: string; query: string }> = []
): DetectorSpec {
  const on = (options.joinOn ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const multivariate =
    on.length > 0 && metrics.length >= 2
      ? {
          on,
          primary: metrics[0].metric,
          queries: Object.fromEntries(metrics.slice(1).map(({ metric, query: expr }) => [metric, expr])),
        }
      : undefined;
  if (multivariate && !isMultivariateKind(options.model)) {
    throw new Error(
      `Model "${MODEL_LABELS[options.model]}" cannot score joined queries: choose ` +
        `${MULTIVARIATE_KINDS.map((kind) => MODEL_LABELS[kind]).join(', ')}, or clear "Join queries on"`
    );
  }
  return parseDetectorSpec(
    {
      id: 'panel',
      name: 'Anomaly panel',
      query: query?.expr ?? 'panel data',
      multivariate,
      datasourceUid: query?.datasourceUid ?? 'prometheus',
      step: stepMs && stepMs > 0 ? formatDuration(Math.round(stepMs)) : '1m',
      trainingWindow: options.historyWindow,
      model: { kind: options.model, params: {} },
      features: options.features.length > 0 ? options.features : undefined,
      sensitivity: options.sensitivity,
      seasonality: options.seasonality,
      counter: options.counter,
      drift: { enabled: options.driftEnabled },
      forecast:
        options.forecast && options.forecast !== 'off'
          ? { method: options.forecast, horizon: options.forecastHorizon }
          : undefined,
    },
    'panel options'
  );
}
