import type { ActionRecord } from '../../alerting/remediation';
import { formatActionDuration, toRemediationRows } from './remediationRows';

const base: ActionRecord = {
  time: '2026-12-05T10:00:02.113Z',
  fingerprint: '3f2a9c0d41b7e8aa',
  activity: 'restart-api',
  target: 'Deployment/shop/api',
  outcome: 'succeeded',
  durationMs: 48.4,
  labels: {
    alertname: 'VigilAnomaly',
    vigil_detector: 'api-latency',
    severity: 'critical',
    service: 'api',
    instance: 'a"b',
  },
  detail: 'restarted Deployment shop/api',
};

describe('toRemediationRows', () => {
  it('keeps the order and names the alert by detector, severity and its series labels', () => {
    const rows = toRemediationRows([base, { ...base, outcome: 'refused_cooldown', durationMs: 0, labels: {} }]);
    expect(rows[0]).toMatchObject({
      timeMs: Date.UTC(2026, 11, 5, 10, 0, 2, 113),
      activity: 'restart-api',
      target: 'Deployment/shop/api',
      detector: 'api-latency',
      severity: 'critical',
      series: 'instance="a\\"b", service="api"',
      outcome: 'succeeded',
      duration: '48 ms',
    });
    expect(rows[1]).toMatchObject({ detector: '', series: '', outcome: 'refused_cooldown', duration: '-' });
    expect(new Set(rows.map((row) => row.key)).size).toBe(2);
  });
});

describe('formatActionDuration', () => {
  it('reads in ms, seconds or minutes', () => {
    expect(formatActionDuration(0)).toBe('-');
    expect(formatActionDuration(999.4)).toBe('999 ms');
    expect(formatActionDuration(999.6)).toBe('1.0 s');
    expect(formatActionDuration(2_440)).toBe('2.4 s');
    expect(formatActionDuration(185_000)).toBe('3 min 5 s');
  });
});
