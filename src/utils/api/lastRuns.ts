import { DETECTOR_LABEL } from '../../alerting';
import { LAST_RUN_METRIC, LAST_SUCCESS_METRIC } from '../../cli/metrics/metricNames';
import { prometheusViaGrafana } from './grafanaClients';

/** The latest finished run of every detector that a CronJob (pushed) or `vigil serve` (scraped) runs. */
export const LAST_RUN_QUERY = `max by (${DETECTOR_LABEL}) (${LAST_RUN_METRIC})`;
/** ... and the latest of those runs that queried and scored it. */
export const LAST_SUCCESS_QUERY = `max by (${DETECTOR_LABEL}) (${LAST_SUCCESS_METRIC})`;

export interface DetectorRun {
  /** When its last run finished (ms since epoch), whether it succeeded or failed. */
  finishedMs: number;
  /**
   * When its last successful run finished; null when no run of it has succeeded; undefined when no detector has the
   * metric (a CLI from before it was exported: whether runs succeed is not known).
   */
  succeededMs: number | null | undefined;
}

/** Detector id -> its last run and last successful run, from the run metrics in Prometheus. */
export async function loadLastRuns(prometheusUid: string): Promise<Record<string, DetectorRun>> {
  const prometheus = prometheusViaGrafana(prometheusUid);
  const [finished, succeeded] = await Promise.all([
    prometheus.query(LAST_RUN_QUERY).then(msByDetector),
    prometheus.query(LAST_SUCCESS_QUERY).then(msByDetector),
  ]);
  const known = Object.keys(succeeded).length > 0;
  return Object.fromEntries(
    Object.entries(finished).map(([id, finishedMs]) => [
      id,
      { finishedMs, succeededMs: known ? (succeeded[id] ?? null) : undefined },
    ])
  );
}

function msByDetector(samples: Array<{ labels: Record<string, string>; value: number }>): Record<string, number> {
  const byDetector: Record<string, number> = {};
  for (const { labels, value } of samples) {
    const id = labels[DETECTOR_LABEL];
    if (id && Number.isFinite(value)) {
      byDetector[id] = value * 1000;
    }
  }
  return byDetector;
}
