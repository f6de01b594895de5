import type { AlertmanagerAlert } from '../../clients';

/** The state word the Alerts page shows: Alertmanager's `suppressed` reads "Muted", anything else "Active". */
export function shownState(alert: Pick<AlertmanagerAlert, 'status'>): 'Muted' | 'Active' {
  return alert.status.state === 'suppressed' ? 'Muted' : 'Active';
}
