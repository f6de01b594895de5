import type { Labels } from '../metrics/exposition';
import type { MetricsRegistry } from '../metrics/registry';
import { seriesMetricLabels } from '../metrics/vigilMetrics';
import type { ScoredSeries } from '../run/detectorRun';
import { seriesKey } from '../../engine/series';

const GAUGES = ['vigil_anomaly_score', 'vigil_expected_value', 'vigil_expected_lower', 'vigil_expected_upper'] as const;

/**
 * Serve's per-series gauges: the latest scored point of each series of each detector. A series keeps its gauges
 * while the detector's query returns it, even in a run that brings it no new point (runs more often than its step);
 * a series the query no longer returns loses them, and so does every series of a detector whose run failed, so
 * that Prometheus sees them absent rather than at their last scores.
 */
export class SeriesGauges {
  /** Detector -> seriesKey -> the labels of its gauges. */
  private readonly shown = new Map<string, Map<string, Labels>>();

  constructor(private readonly registry: MetricsRegistry) {}

  scored(detector: string, { series, result }: ScoredSeries): void {
    let last = result.timestamps.length - 1;
    while (last >= 0 && !Number.isFinite(result.values[last])) {
      last--;
    }
    if (last < 0) {
      return;
    }
    const labels = seriesMetricLabels(detector, series.labels);
    this.registry.set('vigil_anomaly_score', labels, result.scores[last]);
    this.registry.set('vigil_expected_value', labels, result.expected[last]);
    this.registry.set('vigil_expected_lower', labels, result.lower[last]);
    this.registry.set('vigil_expected_upper', labels, result.upper[last]);
    const shown = this.shown.get(detector) ?? new Map<string, Labels>();
    this.shown.set(detector, shown.set(seriesKey(series.labels), labels));
  }

  /** After a detector's run: keeps the gauges of the series its query `returned`, none when it failed (undefined). */
  settle(detector: string, returned: ReadonlySet<string> | undefined): void {
    const shown = this.shown.get(detector);
    for (const [key, labels] of shown ?? []) {
      if (!returned?.has(key)) {
        for (const name of GAUGES) {
          this.registry.delete(name, labels);
        }
        shown!.delete(key);
      }
    }
  }
}
