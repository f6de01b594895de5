import type { DetectionSummary } from './detectionSummary';
import type { AlertLoad } from './eventMetrics';

/** The two figures an on-call engineer cares about: false alerts on healthy series, and incidents found. */
export interface AlertBudget {
  normalSeries: number;
  /** Alert runs on the normal series divided by the weeks of history they cover together: alerts per week per series. */
  alertsPerWeekPerSeries: number | null;
  /** The same counted from the end of each normal series' probation (DetectionSummary.loadAfterProbation). */
  alertsPerWeekAfterProbation: number | null;
  /** The normal series with the most alerts per week. */
  noisiest: { name: string; alertsPerWeek: number } | null;
  incidents: number;
  incidentsFound: number;
  /** Series with an incident that was not found. */
  missed: string[];
}

/** Alert load on the series marked normal (no incidents) and incidents found on the others. */
export function alertBudget(files: Array<{ name: string; normal: boolean; summary: DetectionSummary }>): AlertBudget {
  const normal = files.filter((file) => file.normal);
  const perWeek = (load: (summary: DetectionSummary) => AlertLoad) => {
    const alerts = normal.reduce((sum, file) => sum + load(file.summary).alerts, 0);
    const weeks = normal.reduce((sum, file) => sum + load(file.summary).days / 7, 0);
    return weeks > 0 ? alerts / weeks : null;
  };
  const noisiest = normal.reduce<AlertBudget['noisiest']>(
    (top, file) =>
      top === null || file.summary.load.alertsPerWeek > top.alertsPerWeek
        ? { name: file.name, alertsPerWeek: file.summary.load.alertsPerWeek }
        : top,
    null
  );
  const withIncidents = files.filter((file) => !file.normal);
  return {
    normalSeries: normal.length,
    alertsPerWeekPerSeries: perWeek((summary) => summary.load),
    alertsPerWeekAfterProbation: perWeek((summary) => summary.loadAfterProbation),
    noisiest,
    incidents: withIncidents.reduce((sum, file) => sum + file.summary.event.windows, 0),
    incidentsFound: withIncidents.reduce((sum, file) => sum + file.summary.event.detectedWindows, 0),
    missed: withIncidents
      .filter((file) => file.summary.event.detectedWindows < file.summary.event.windows)
      .map((file) => file.name),
  };
}
