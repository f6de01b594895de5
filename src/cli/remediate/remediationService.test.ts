import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Activity, recordAction, type WebhookPayload } from '../../alerting/remediation';
import type { Logger } from '../log';
import { KubernetesApiError, type KubernetesApi } from './kubernetesApi';
import type { BudgetResult } from './lockStore';
import { createRemediationMetrics } from './remediationMetrics';
import { RemediationService } from './remediationService';
import { FileLockStore, RemediationStore } from './remediationStore';

const activity: Activity = {
  name: 'note',
  matchers: [],
  action: { type: 'command', argv: [process.execPath, '-e', ''], timeoutMs: 10_000 },
  cooldownMs: 10 * 60_000,
  maxActionsPerHour: 6,
};

const restart: Activity = {
  name: 'restart',
  matchers: [],
  action: { type: 'rollout_restart', kind: 'Deployment', namespace: 'shop', name: 'api' },
  cooldownMs: 10 * 60_000,
  maxActionsPerHour: 6,
};

function payload(
  fingerprint: string,
  startsAt = '2026-12-05T10:00:00Z',
  labels: Record<string, string> = { vigil_detector: 'd' }
): WebhookPayload {
  return {
    version: '4',
    groupKey: 'g',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'vigil',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: '',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: {},
        startsAt,
        endsAt: '',
        generatorURL: '',
        fingerprint,
      },
    ],
  };
}

/** Locks in the state file whose budget and action notes fail (as a Lease would, the API down) while `failing`. */
class FailingLocks extends FileLockStore {
  failing: 'spendBudget' | 'noteAction' | undefined;

  private fail(step: string): void {
    if (this.failing === step) {
      this.failing = undefined;
      throw new KubernetesApiError(503, `update lease: 503 the server is currently unable to handle the request`);
    }
  }

  spendBudget(): Promise<BudgetResult> {
    this.fail('spendBudget');
    return super.spendBudget();
  }

  noteAction(): Promise<void> {
    this.fail('noteAction');
    return super.noteAction();
  }
}

interface ServiceOptions {
  activities?: Activity[];
  locks?: (store: RemediationStore) => FileLockStore;
  now?: () => number;
  dryRun?: boolean;
  log?: Logger;
}

/** Kubernetes that restarts whatever it is asked to. */
const kubernetes = { restartWorkload: () => Promise.resolve() } as unknown as KubernetesApi;

function service(options: ServiceOptions = {}) {
  const store = new RemediationStore(mkdtempSync(join(tmpdir(), 'vigil-remediation-service-')));
  const locks = options.locks?.(store) ?? new FileLockStore(store);
  const metrics = createRemediationMetrics();
  const remediation = new RemediationService({
    activities: options.activities ?? [activity],
    store,
    locks,
    kubernetes: () => kubernetes,
    git: undefined,
    log: options.log ?? pino({ level: 'silent' }),
    metrics,
    dryRun: options.dryRun ?? false,
    lockMaxAgeMs: 24 * 3_600_000,
    now: options.now,
  });
  return { store, locks, remediation, metrics };
}

describe('RemediationService', () => {
  it.each(['spendBudget', 'noteAction'] as const)(
    'releases the lock when %s fails after it was taken, so the retried notification acts',
    async (step) => {
      const { store, locks, remediation } = service({ locks: (s) => new FailingLocks(s) });
      (locks as FailingLocks).failing = step;
      await expect(remediation.handle(payload('f1'))).rejects.toThrow(KubernetesApiError);
      expect(store.state.locks).toEqual({});
      expect(store.state.guard.actions).toEqual({});
      expect(store.state.recent).toEqual([]);

      const retried = await remediation.handle(payload('f1'));
      expect(retried.map((decision) => decision.result)).toEqual(['succeeded']);
      expect(store.state.guard.actions.note).toHaveLength(1);
    }
  );

  it('acts on a new episode of the alert that holds the lock (its resolve was missed), not on a late re-send of the old one', async () => {
    let nowMs = Date.UTC(2026, 11, 5, 10);
    const { store, remediation } = service({ now: () => nowMs });
    const results = async (startsAt: string) =>
      (await remediation.handle(payload('f1', startsAt))).map((decision) => decision.result);
    expect(await results('2026-12-05T10:00:00Z')).toEqual(['succeeded']);
    nowMs += 3_600_000;
    expect(await results('2026-12-05T11:00:00Z')).toEqual(['succeeded']);
    expect(store.state.locks['note alert/f1'].startsAt).toBe('2026-12-05T11:00:00Z');
    expect(await results('2026-12-05T10:00:00Z')).toEqual(['redelivery']);
  });

  it('releases the lock of another alert once it is older than lock_max_age (its resolve was missed)', async () => {
    let nowMs = Date.UTC(2026, 11, 5, 10);
    const { store, remediation } = service({ activities: [restart], now: () => nowMs });
    const decide = async (fingerprint: string) =>
      (await remediation.handle(payload(fingerprint))).map((decision) => [decision.result, decision.detail]);
    expect(await decide('f1')).toEqual([['succeeded', 'restarted Deployment shop/api']]);
    nowMs += 3_600_000;
    expect(await decide('f2')).toEqual([
      ['lock_wait', 'locked by alert f1 until it resolves (at the latest 2026-12-06T10:00:00.000Z: lock_max_age)'],
    ]);
    nowMs += 24 * 3_600_000;
    expect(await decide('f2')).toEqual([['succeeded', 'restarted Deployment shop/api']]);
    expect(store.state.locks['restart Deployment/shop/api'].fingerprint).toBe('f2');
  });

  it('--dry-run says what the guard rails would decide, with the argv rendered, and logs it once', async () => {
    const nowMs = Date.UTC(2026, 11, 5, 10);
    const info = jest.fn();
    const log = { info, warn: jest.fn() } as unknown as Logger;
    const flush: Activity = {
      ...activity,
      name: 'flush',
      action: { type: 'command', argv: ['/usr/local/bin/flush', '--host', '{{ instance }}'], timeoutMs: 30_000 },
      maxActionsPerHour: 1,
    };
    const { store, remediation } = service({ activities: [flush, restart], dryRun: true, now: () => nowMs, log });
    const decide = async (fingerprint: string) =>
      (await remediation.handle(payload(fingerprint, undefined, { instance: 'cache-1' }))).map((d) => d.detail);
    expect(await decide('f1')).toEqual([
      'would run command ["/usr/local/bin/flush","--host","cache-1"] (timeout 30000 ms) with 1 label variables',
      'would run rollout restart of Deployment/shop/api',
    ]);
    expect(info.mock.calls.map(([, message]) => message)).toEqual([
      'would run command ["/usr/local/bin/flush","--host","cache-1"] (timeout 30000 ms) with 1 label variables',
      'would run rollout restart of Deployment/shop/api',
    ]);

    store.setGuard(recordAction(store.state.guard, 'flush', 'alert/f0', nowMs - 60_000));
    store.update((state) => ({
      ...state,
      locks: {
        'restart Deployment/shop/api': { fingerprint: 'f0', startsAt: '', lockedAt: '2026-12-05T09:00:00.000Z' },
      },
    }));
    expect(await decide('f1')).toEqual([
      'refused: 1 of 1 actions this hour used',
      'waits: Deployment/shop/api is locked by alert f0 until it resolves (at the latest 2026-12-06T09:00:00.000Z: lock_max_age)',
    ]);
  });

  it('counts every redelivery: of an action, of a refusal, of a lock wait', async () => {
    const nowMs = Date.UTC(2026, 11, 5, 10);
    const { remediation, metrics } = service({
      activities: [{ ...activity, maxActionsPerHour: 1 }, restart],
      now: () => nowMs,
    });
    const results = async (fingerprint: string) =>
      (await remediation.handle(payload(fingerprint))).map((decision) => decision.result);
    expect(await results('f1')).toEqual(['succeeded', 'succeeded']);
    expect(await results('f1')).toEqual(['redelivery', 'redelivery']);
    expect(await results('f2')).toEqual(['refused_budget', 'lock_wait']);
    expect(await results('f2')).toEqual(['redelivery', 'redelivery']);
    const rendered = metrics.render();
    expect(rendered).toContain('vigil_remediation_redeliveries_total{activity="note"} 2');
    expect(rendered).toContain('vigil_remediation_redeliveries_total{activity="restart"} 2');
  });
});
