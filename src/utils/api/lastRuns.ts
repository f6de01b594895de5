import { DETECTOR_LABEL } from '../../alerting';
import { LAST_RUN_METRIC, LAST_RUN_SUCCEEDED_METRIC, LAST_SUCCESS_METRIC } from '../../cli/metrics/metricNames';
import { prometheusViaGrafana } from './grafanaClients';

/** The latest finished run of every detector that a CronJob (pushed) or `vigil serve` (scraped) runs. */
export const LAST_RUN_QUERY = `max by (${DETECTOR_LABEL}) (${LAST_RUN_METRIC})`;
/** Whether the last run of every shard of a detector queried and scored it: 0 when one of them did not. */
export const LAST_RUN_SUCCEEDED_QUERY = `min by (${DETECTOR_LABEL}) (${LAST_RUN_SUCCEEDED_METRIC})`;
/** The latest run that queried and scored each detector. */
export const LAST_SUCCESS_QUERY = `max by (${DETECTOR_LABEL}) (${LAST_SUCCESS_METRIC})`;

export interface DetectorRun {
  /** When its last run finished (ms since epoch), whether it succeeded or failed. */
  finishedMs: number;
  /** Whether that run queried and scored it; undefined from a CLI that does not say (one from before the metric). */
  succeeded: boolean | undefined;
  /** When its last successful run finished; null when none did (since serve started, for `vigil serve`). */
  succeededMs: number | null;
}

/** Detector id -> its last run, whether it succeeded and the last that did, from the run metrics in Prometheus. */
export async function loadLastRuns(prometheusUid: string): Promise<Record<string, DetectorRun>> {
  const prometheus = prometheusViaGrafana(prometheusUid);
  const [finished, succeeded, succeededAt] = await Promise.all(
    [LAST_RUN_QUERY, LAST_RUN_SUCCEEDED_QUERY, LAST_SUCCESS_QUERY].map((query) =>
      prometheus.query(query).then(valueByDetector)
    )
  );
  return Object.fromEntries(
    Object.entries(finished).map(([id, finishedSeconds]) => [
      id,
      {
        finishedMs: finishedSeconds * 1000,
        succeeded: id in succeeded ? succeeded[id] === 1 : undefined,
        succeededMs: id in succeededAt ? succeededAt[id] * 1000 : null,
      },
    ])
  );
}

function valueByDetector(samples: Array<{ labels: Record<string, string>; value: number }>): Record<string, number> {
  const byDetector: Record<string, number> = {};
  for (const { labels, value } of samples) {
    const id = labels[DETECTOR_LABEL];
    if (id && Number.isFinite(value)) {
      byDetector[id] = value;
    }
  }
  return byDetector;
}
