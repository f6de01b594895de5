import { ALERT_NAME, DETECTOR_LABEL, createMatcher, seriesAlertLabels, type LabelMatcher } from '../../alerting';

/** Matchers that silence Vigil's alerts for one series (of one detector, when given). */
export function matchersForSeries(seriesLabels: Record<string, string>, detector?: string): LabelMatcher[] {
  const matchers = [createMatcher('alertname', '=', ALERT_NAME)];
  if (detector) {
    matchers.push(createMatcher(DETECTOR_LABEL, '=', detector));
  }
  const labels = seriesAlertLabels(seriesLabels);
  for (const name of Object.keys(labels).sort()) {
    matchers.push(createMatcher(name, '=', labels[name]));
  }
  return matchers;
}

/** Matchers that silence exactly one alert: its identity labels (everything but severity). */
export function matchersForAlert(alertLabels: Record<string, string>): LabelMatcher[] {
  return Object.keys(alertLabels)
    .filter((name) => name !== 'severity')
    .sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map((name) => createMatcher(name, '=', alertLabels[name]));
}
