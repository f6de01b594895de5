import type { MetricsRegistry } from '../metrics/registry';
import { seriesMetricLabels } from '../metrics/vigilMetrics';
import type { ScoredSeries } from '../run/detectorRun';

const GAUGES = ['vigil_anomaly_score', 'vigil_expected_value', 'vigil_expected_lower', 'vigil_expected_upper'] as const;

/** Sets the per-series gauges from the latest scored point of a series. */
export function updateSeriesGauges(
  registry: MetricsRegistry,
  detector: string,
  { series, result }: ScoredSeries
): void {
  let last = result.timestamps.length - 1;
  while (last >= 0 && !Number.isFinite(result.values[last])) {
    last--;
  }
  if (last < 0) {
    return;
  }
  const labels = seriesMetricLabels(detector, series.labels);
  registry.set('vigil_anomaly_score', labels, result.scores[last]);
  registry.set('vigil_expected_value', labels, result.expected[last]);
  registry.set('vigil_expected_lower', labels, result.lower[last]);
  registry.set('vigil_expected_upper', labels, result.upper[last]);
}

/**
 * Drops a detector's per-series gauges: before a successful run sets them again (so vanished series go), and after
 * a failed run, so that its series read as absent rather than as their last scores.
 */
export function clearSeriesGauges(registry: MetricsRegistry, detector: string): void {
  for (const name of GAUGES) {
    registry.clear(name, { vigil_detector: detector });
  }
}
