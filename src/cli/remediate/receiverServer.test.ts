import type { ActionRecord } from '../../alerting/remediation';
import { selectActions } from './receiverServer';

function record(fingerprint: string, minute: number): ActionRecord {
  return {
    time: new Date(Date.UTC(2026, 11, 5, 10, minute)).toISOString(),
    fingerprint,
    activity: 'restart-api',
    target: 'Deployment/shop/api',
    outcome: 'succeeded',
    durationMs: 12,
    labels: {},
    detail: '',
  };
}

describe('selectActions (GET /api/v1/actions)', () => {
  const recent = [record('a', 1), record('b', 2), record('a', 3), record('b', 4), record('a', 5)];

  it('answers newest first, at most limit (default 100)', () => {
    expect(selectActions(recent, new URLSearchParams()).map((r) => r.time.slice(14, 16))).toEqual([
      '05',
      '04',
      '03',
      '02',
      '01',
    ]);
    expect(selectActions(recent, new URLSearchParams('limit=2')).map((r) => r.time.slice(14, 16))).toEqual([
      '05',
      '04',
    ]);
  });

  it("keeps only one alert's actions with ?fingerprint=, the limit applying after the filter", () => {
    const selected = selectActions(recent, new URLSearchParams('fingerprint=b&limit=5'));
    expect(selected.map((r) => [r.fingerprint, r.time.slice(14, 16)])).toEqual([
      ['b', '04'],
      ['b', '02'],
    ]);
    expect(selectActions(recent, new URLSearchParams('fingerprint=none'))).toEqual([]);
  });

  it('treats a limit that is not a positive number as the default, and caps it at 500', () => {
    const many = Array.from({ length: 600 }, (_, i) => record('a', i % 60));
    expect(selectActions(many, new URLSearchParams('limit=abc'))).toHaveLength(100);
    expect(selectActions(many, new URLSearchParams('limit=-3'))).toHaveLength(1);
    expect(selectActions(many, new URLSearchParams('limit=10000'))).toHaveLength(500);
  });
});
