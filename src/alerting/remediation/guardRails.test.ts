import type { Activity } from './activity';
import { emptyGuardState, guardDecision, lockDecision, lockExpired, recordAction, recordRefusal } from './guardRails';

const activity: Activity = {
  name: 'restart',
  matchers: [],
  action: { type: 'webhook', url: 'http://hook.test', timeoutMs: 1000 },
  cooldownMs: 10 * 60_000,
  maxActionsPerHour: 2,
};
const alert = { fingerprint: 'f1', startsAt: '2026-01-01T00:00:00Z' };
const T0 = Date.UTC(2026, 0, 1);

describe('guard rails', () => {
  it('refuses within the cooldown of the same target, not of another one', () => {
    const state = recordAction(emptyGuardState(), 'restart', 'Deployment/a/b', T0);
    expect(guardDecision(state, activity, 'Deployment/a/b', alert, T0 + 60_000)).toEqual({
      kind: 'cooldown',
      untilMs: T0 + 10 * 60_000,
    });
    expect(guardDecision(state, activity, 'Deployment/a/c', alert, T0 + 60_000)).toEqual({ kind: 'run' });
    expect(guardDecision(state, activity, 'Deployment/a/b', alert, T0 + 10 * 60_000)).toEqual({ kind: 'run' });
  });

  it('refuses over the hourly budget, and frees it an hour after the oldest action', () => {
    let state = recordAction(emptyGuardState(), 'restart', 'x', T0);
    state = recordAction(state, 'restart', 'y', T0 + 1000);
    expect(guardDecision(state, activity, 'z', alert, T0 + 2000)).toEqual({ kind: 'budget', used: 2 });
    expect(guardDecision(state, activity, 'z', alert, T0 + 3_600_001)).toEqual({ kind: 'run' });
  });

  it('reports a refusal of the same episode as already recorded', () => {
    let state = recordAction(emptyGuardState(), 'restart', 'x', T0);
    state = recordRefusal(state, 'restart', alert, T0 + 1000);
    expect(guardDecision(state, activity, 'x', alert, T0 + 2000)).toEqual({ kind: 'already_refused' });
    expect(guardDecision(state, activity, 'x', { ...alert, startsAt: 'later' }, T0 + 2000).kind).toBe('cooldown');
  });

  it('tells a redelivery from a new episode of the alert and from another alert holding the lock', () => {
    const holder = { ...alert, lockedAt: 'now' };
    expect(lockDecision(undefined, 'f1', alert.startsAt)).toBe('free');
    expect(lockDecision(holder, 'f1', alert.startsAt)).toBe('redelivery');
    expect(lockDecision(holder, 'f1', '2026-01-02T00:00:00Z')).toBe('new_episode');
    expect(lockDecision(holder, 'f1', '2025-12-31T00:00:00Z')).toBe('redelivery');
    expect(lockDecision(holder, 'f2', alert.startsAt)).toBe('held');
  });

  it('clears the lock of an alert whose series the detector has refitted since, and only then', () => {
    const holder = { ...alert, lockedAt: 'now', fittedAt: '2026-01-01T00:00:00.000Z' };
    expect(lockDecision(holder, 'f1', alert.startsAt, '2026-01-01T06:00:00.000Z')).toBe('refitted');
    expect(lockDecision(holder, 'f1', alert.startsAt, '2026-01-01T00:00:00.000Z')).toBe('redelivery');
    expect(lockDecision(holder, 'f1', alert.startsAt)).toBe('redelivery');
    expect(lockDecision(holder, 'f2', alert.startsAt, '2026-01-01T06:00:00.000Z')).toBe('held');
    expect(lockDecision({ ...alert, lockedAt: 'now' }, 'f1', alert.startsAt, '2026-01-01T06:00:00.000Z')).toBe(
      'redelivery'
    );
  });

  it('expires a lock older than the maximum age, and one it cannot date never', () => {
    const holder = { ...alert, lockedAt: '2026-01-01T00:00:00.000Z' };
    expect(lockExpired(holder, T0 + 3_600_000, 3_600_000)).toBe(false);
    expect(lockExpired(holder, T0 + 3_600_001, 3_600_000)).toBe(true);
    expect(lockExpired({ ...holder, lockedAt: '' }, T0 + 10 * 3_600_000, 3_600_000)).toBe(false);
  });
});
