import type { AlertmanagerAlert } from '../../clients';

/** An Alertmanager alert as the API returns it, for unit tests. */
export function alertmanagerAlert(
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
  state: AlertmanagerAlert['status']['state'] = 'active'
): AlertmanagerAlert {
  return {
    labels,
    annotations,
    startsAt: '2026-01-11T07:20:00.000Z',
    endsAt: '2026-01-11T08:20:00.000Z',
    fingerprint: Object.values(labels).join('/'),
    receivers: [],
    status: { state, silencedBy: [], inhibitedBy: [] },
  };
}
