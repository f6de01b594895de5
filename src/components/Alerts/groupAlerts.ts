import { DETECTOR_LABEL } from '../../alerting';
import type { AlertmanagerAlert } from '../../clients';

export interface AlertGroup {
  detector: string;
  alerts: AlertmanagerAlert[];
  active: number;
  suppressed: number;
}

/** Alerts grouped by their detector label, groups and alerts in a stable order. */
export function groupAlertsByDetector(alerts: AlertmanagerAlert[]): AlertGroup[] {
  const groups = new Map<string, AlertmanagerAlert[]>();
  for (const alert of alerts) {
    const detector = alert.labels[DETECTOR_LABEL] ?? '(no detector)';
    groups.set(detector, [...(groups.get(detector) ?? []), alert]);
  }
  return Array.from(groups, ([detector, members]) => ({
    detector,
    alerts: members.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
    active: members.filter((alert) => alert.status.state !== 'suppressed').length,
    suppressed: members.filter((alert) => alert.status.state === 'suppressed').length,
  })).sort((a, b) => a.detector.localeCompare(b.detector));
}

/** The labels that tell an alert apart inside its group (alertname, detector and severity are implied). */
export function distinguishingLabels(alert: Pick<AlertmanagerAlert, 'labels'>): Array<[string, string]> {
  return Object.entries(alert.labels)
    .filter(([name]) => name !== 'alertname' && name !== DETECTOR_LABEL && name !== 'severity')
    .sort(([a], [b]) => a.localeCompare(b));
}
