import { DETECTOR_LABEL } from '../../alerting';
import { type DetectorRunFigures, recordDetectorRun } from '../metrics/recordRun';
import { MetricsRegistry } from '../metrics/registry';
import { createRunMetrics, declareOutboxGauge, OUTBOX_METRIC } from '../metrics/vigilMetrics';
import type { DeliveryResult } from './delivery';

export interface DetectorFigures {
  id: string;
  figures: DetectorRunFigures;
}

/** Pushgateway grouping labels (besides the job) and the metrics of that group. */
export interface PushGroup {
  grouping: Record<string, string>;
  registry: MetricsRegistry;
  /**
   * false for a detector that failed: pushed with POST, which replaces only the metrics pushed, so the group keeps
   * the vigil_last_success_timestamp_seconds of its last success (a PUT would drop it).
   */
  replace: boolean;
}

/**
 * Records a run's metrics once its alerts are delivered: a failed delivery counts as an error of each detector
 * whose alerts it left in the outbox, and the outbox's size is a gauge of the shard. Serve mode records into its
 * registry (labelled by detector) and returns nothing to push; detect mode returns a push group per detector and
 * one for the shard's outbox.
 */
export function recordRunMetrics(
  detectors: DetectorFigures[],
  delivery: DeliveryResult,
  shardIndex: number,
  served?: MetricsRegistry
): PushGroup[] {
  const undelivered = new Set(
    delivery.error ? delivery.outbox.entries.map((entry) => entry.alert.labels[DETECTOR_LABEL]) : []
  );
  const withDelivery = ({ id, figures }: DetectorFigures): DetectorRunFigures => ({
    ...figures,
    errors: figures.errors + (undelivered.has(id) ? 1 : 0),
  });
  const outboxAlerts = delivery.outbox.entries.length;
  if (served) {
    for (const detector of detectors) {
      recordDetectorRun(served, { vigil_detector: detector.id }, withDelivery(detector));
    }
    served.set(OUTBOX_METRIC, {}, outboxAlerts);
    return [];
  }
  const shard = String(shardIndex);
  const groups = detectors.map((detector) => {
    const registry = createRunMetrics();
    recordDetectorRun(registry, {}, withDelivery(detector));
    return { grouping: { vigil_detector: detector.id, shard }, registry, replace: detector.figures.succeeded };
  });
  const outbox = new MetricsRegistry();
  declareOutboxGauge(outbox);
  outbox.set(OUTBOX_METRIC, {}, outboxAlerts);
  return [...groups, { grouping: { shard }, registry: outbox, replace: true }];
}
