import { seriesAlertLabels } from '../../alerting/labels';
import { LAST_RUN_METRIC, LAST_RUN_SUCCEEDED_METRIC, LAST_SUCCESS_METRIC, SAMPLES_READ_METRIC } from './metricNames';
import { MetricsRegistry } from './registry';

export const RUN_DURATION_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** The run metrics of the design doc, declared once for detect (pushed) and serve (scraped). */
export function createRunMetrics(): MetricsRegistry {
  const registry = new MetricsRegistry();
  registry.declareHistogram(
    'vigil_run_duration_seconds',
    'Duration of a detection run per detector.',
    RUN_DURATION_BUCKETS
  );
  registry.declareCounter('vigil_run_errors_total', 'Errors during detection runs (query, scoring, delivery, state).');
  registry.declareCounter('vigil_anomalies_total', 'Anomalous points found.');
  registry.declareCounter('vigil_series_scored_total', 'Series scored.');
  registry.declareGauge(LAST_RUN_METRIC, 'Unix time at which the last run finished, whether it succeeded or failed.');
  registry.declareGauge(LAST_SUCCESS_METRIC, 'Unix time at which the last run that scored the detector finished.');
  registry.declareGauge(LAST_RUN_SUCCEEDED_METRIC, '1 when the last run queried and scored the detector, else 0.');
  registry.declareGauge(SAMPLES_READ_METRIC, 'Samples the last run read from Prometheus.');
  return registry;
}

export const OUTBOX_METRIC = 'vigil_outbox_alerts';

/**
 * One gauge per shard (not per detector): its outbox also holds alerts of detectors no longer configured. Declared
 * where it is set (serve's registry, detect's shard group), not in each detector's push group.
 */
export function declareOutboxGauge(registry: MetricsRegistry): void {
  registry.declareGauge(OUTBOX_METRIC, 'Alerts waiting in the outbox for delivery after the last run.');
}

/** Per-series gauges served in serve mode (the latest scored point of each series). */
export function declareSeriesGauges(registry: MetricsRegistry): void {
  registry.declareGauge('vigil_anomaly_score', 'Anomaly score in [0,1] of the latest scored point.');
  registry.declareGauge('vigil_expected_value', 'Expected value of the latest scored point.');
  registry.declareGauge('vigil_expected_lower', 'Lower edge of the expected band of the latest scored point.');
  registry.declareGauge('vigil_expected_upper', 'Upper edge of the expected band of the latest scored point.');
}

/** Forecast gauges served in serve mode: the value expected `horizon` after a series' last point. */
export const FORECAST_GAUGES = ['vigil_forecast_value', 'vigil_forecast_lower', 'vigil_forecast_upper'] as const;

export function declareForecastGauges(registry: MetricsRegistry): void {
  registry.declareGauge('vigil_forecast_value', 'Forecast value at the horizon (label horizon) after the last point.');
  registry.declareGauge('vigil_forecast_lower', 'Lower edge of the forecast interval at the horizon.');
  registry.declareGauge('vigil_forecast_upper', 'Upper edge of the forecast interval at the horizon.');
}

/** Labels of a per-series gauge: the detector plus the series' labels (`__name__` as `metric`). */
export function seriesMetricLabels(detector: string, seriesLabels: Record<string, string>): Record<string, string> {
  const labels = seriesAlertLabels(seriesLabels);
  delete labels.vigil_detector;
  return { ...labels, vigil_detector: detector };
}
