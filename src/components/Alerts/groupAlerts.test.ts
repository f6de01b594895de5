import type { AlertmanagerAlert } from '../../clients';
import { distinguishingLabels, groupAlertsByDetector } from './groupAlerts';

function alert(fingerprint: string, detector: string | undefined, state: 'active' | 'suppressed'): AlertmanagerAlert {
  const labels: Record<string, string> = { alertname: 'VigilAnomaly', severity: 'warning', instance: fingerprint };
  if (detector) {
    labels.vigil_detector = detector;
  }
  return {
    labels,
    annotations: {},
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: '2026-01-01T01:00:00Z',
    fingerprint,
    receivers: [],
    status: { state, silencedBy: state === 'suppressed' ? ['s1'] : [], inhibitedBy: [] },
  };
}

describe('groupAlertsByDetector', () => {
  it('groups by vigil_detector, counts active and muted, in a stable order', () => {
    const groups = groupAlertsByDetector([
      alert('b', 'rps', 'active'),
      alert('a', 'rps', 'suppressed'),
      alert('c', 'cpu', 'active'),
      alert('d', undefined, 'active'),
    ]);
    expect(groups.map((group) => [group.detector, group.active, group.suppressed])).toEqual([
      ['(no detector)', 1, 0],
      ['cpu', 1, 0],
      ['rps', 1, 1],
    ]);
    expect(groups[2].alerts.map((one) => one.fingerprint)).toEqual(['a', 'b']);
  });

  it('shows only the labels that tell alerts apart', () => {
    expect(distinguishingLabels(alert('x', 'rps', 'active'))).toEqual([['instance', 'x']]);
  });
});
