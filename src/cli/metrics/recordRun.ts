import { LAST_RUN_METRIC, LAST_RUN_SUCCEEDED_METRIC, LAST_SUCCESS_METRIC, SAMPLES_READ_METRIC } from './metricNames';
import type { MetricsRegistry } from './registry';

export interface DetectorRunFigures {
  durationSeconds: number;
  seriesScored: number;
  anomalies: number;
  /** Samples read from Prometheus by this run. */
  samplesRead: number;
  errors: number;
  finishedAtSeconds: number;
  /** The detector was queried and scored (a failed delivery or a series left out does not count against it). */
  succeeded: boolean;
}

/** Adds one detector's run to the run metrics (labels: {} when pushed per group, the detector when served). */
export function recordDetectorRun(
  registry: MetricsRegistry,
  labels: Record<string, string>,
  figures: DetectorRunFigures
): void {
  registry.observe('vigil_run_duration_seconds', labels, figures.durationSeconds);
  registry.inc('vigil_run_errors_total', labels, figures.errors);
  registry.inc('vigil_anomalies_total', labels, figures.anomalies);
  registry.inc('vigil_series_scored_total', labels, figures.seriesScored);
  registry.set(LAST_RUN_METRIC, labels, figures.finishedAtSeconds);
  registry.set(LAST_RUN_SUCCEEDED_METRIC, labels, figures.succeeded ? 1 : 0);
  if (figures.succeeded) {
    registry.set(LAST_SUCCESS_METRIC, labels, figures.finishedAtSeconds);
  }
  registry.set(SAMPLES_READ_METRIC, labels, figures.samplesRead);
}
