import { DETECTOR_LABEL } from '../../alerting';
import { LAST_RUN_METRIC } from '../../cli/metrics/metricNames';
import { prometheusViaGrafana } from './grafanaClients';

/** The latest finished run of every detector that a CronJob (pushed) or `vigil serve` (scraped) runs. */
export const LAST_RUN_QUERY = `max by (${DETECTOR_LABEL}) (${LAST_RUN_METRIC})`;

/** Detector id -> when its last run finished (ms since epoch), from the run metrics in Prometheus. */
export async function loadLastRuns(prometheusUid: string): Promise<Record<string, number>> {
  const samples = await prometheusViaGrafana(prometheusUid).query(LAST_RUN_QUERY);
  const lastRuns: Record<string, number> = {};
  for (const { labels, value } of samples) {
    const id = labels[DETECTOR_LABEL];
    if (id && Number.isFinite(value)) {
      lastRuns[id] = value * 1000;
    }
  }
  return lastRuns;
}
