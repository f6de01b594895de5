import type { BadgeColor } from '@grafana/ui';
import { DETECTOR_LABEL, SEVERITY_LABEL } from '../../alerting';
import type { ActionOutcome, ActionRecord } from '../../alerting/remediation';
import { distinguishingLabels } from '../Alerts/groupAlerts';

/** How each outcome of the record reads on the page. */
export const OUTCOME_DISPLAY: Record<ActionOutcome, { text: string; color: BadgeColor }> = {
  succeeded: { text: 'Succeeded', color: 'green' },
  failed: { text: 'Failed', color: 'red' },
  started: { text: 'Running', color: 'blue' },
  interrupted: { text: 'Interrupted', color: 'red' },
  dry_run: { text: 'Dry run', color: 'blue' },
  refused_cooldown: { text: 'Refused: cooldown', color: 'orange' },
  refused_budget: { text: 'Refused: hourly budget', color: 'orange' },
  lock_wait: { text: 'Waiting for lock', color: 'purple' },
};

/** One line of the Remediations table. */
export interface RemediationRow {
  key: string;
  timeMs: number;
  activity: string;
  target: string;
  fingerprint: string;
  detector: string;
  severity: string;
  /** `name="value"` of the labels that tell the alert apart within its detector. */
  series: string;
  outcome: ActionOutcome;
  duration: string;
  detail: string;
}

/** The receiver's records as table rows, in the order received (newest first). */
export function toRemediationRows(actions: ActionRecord[]): RemediationRow[] {
  return actions.map((action, index) => ({
    key: `${action.time} ${action.activity} ${action.fingerprint} ${index}`,
    timeMs: Date.parse(action.time),
    activity: action.activity,
    target: action.target,
    fingerprint: action.fingerprint,
    detector: action.labels[DETECTOR_LABEL] ?? '',
    severity: action.labels[SEVERITY_LABEL] ?? '',
    series: distinguishingLabels(action)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join(', '),
    outcome: action.outcome,
    duration: formatActionDuration(action.durationMs),
    detail: action.detail,
  }));
}

/** `48 ms`, `2.4 s`, `3 min 5 s`; refusals take no time and read `-`. */
export function formatActionDuration(ms: number): string {
  if (ms <= 0) {
    return '-';
  }
  if (Math.round(ms) < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
