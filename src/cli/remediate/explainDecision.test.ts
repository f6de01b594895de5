import { emptyGuardState } from '../../alerting/remediation';
import { DAY_MS } from '../../engine/seasonal/period';
import { parseActivities } from '../config/activities';
import type { RemediationState } from './remediationStore';
import { explainDecisions } from './explainDecision';

const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);
const STARTS_AT = '2026-01-02T11:00:00Z';
const activities = parseActivities([
  { name: 'note', match: '{vigil_detector="amtest"}', action: { type: 'command', argv: ['true'] } },
]);

/** The receiver's state after it acted on alert `fp` at 11:00 when the series had been fitted at 10:00. */
const state: RemediationState = {
  version: 1,
  guard: emptyGuardState(),
  locks: {
    'note alert/fp': {
      fingerprint: 'fp',
      startsAt: STARTS_AT,
      lockedAt: '2026-01-02T11:00:05Z',
      fittedAt: '2026-01-02T10:00:00Z',
    },
  },
  recent: [],
  pending: [],
  pushPending: false,
};

const alert = (annotations: Record<string, string>) => ({
  status: 'firing' as const,
  labels: { vigil_detector: 'amtest' },
  annotations,
  startsAt: STARTS_AT,
  endsAt: '',
  generatorURL: '',
  fingerprint: 'fp',
});

describe('explainDecisions', () => {
  it("releases a lock when the alert's vigil_fitted_at is newer than the lock's, as the receiver does", () => {
    expect(
      explainDecisions(activities, [alert({ vigil_fitted_at: '2026-01-02T11:30:00Z' })], state, NOW, DAY_MS)
    ).toEqual([
      'alert fp (firing): activity note: releases the lock on alert/fp (the detector refitted the series since), ' +
        'then would run command ["true"] (timeout 30000 ms) with 1 label variables',
    ]);
    expect(
      explainDecisions(activities, [alert({ vigil_fitted_at: '2026-01-02T10:00:00Z' })], state, NOW, DAY_MS)
    ).toEqual(['alert fp (firing): activity note: already acted on (redelivery)']);
  });

  it('releases a lock another alert took over lock_max_age ago, as the receiver does', () => {
    const other = { ...alert({}), fingerprint: 'other', labels: { vigil_detector: 'amtest', instance: 'b' } };
    const held = { ...state, locks: { 'note alert/other': { ...state.locks['note alert/fp'], fingerprint: 'fp' } } };
    expect(explainDecisions(activities, [other], held, NOW, 30 * 60_000)).toEqual([
      'alert other (firing): activity note: releases the lock on alert/other (alert fp took it at ' +
        '2026-01-02T11:00:05Z, over lock_max_age ago), then would run command ["true"] (timeout 30000 ms) with 2 label variables',
    ]);
    expect(explainDecisions(activities, [other], held, NOW, DAY_MS)).toEqual([
      'alert other (firing): activity note: waits: alert/other is locked by alert fp until it resolves ' +
        '(at the latest 2026-01-03T11:00:05.000Z: lock_max_age)',
    ]);
  });
});
