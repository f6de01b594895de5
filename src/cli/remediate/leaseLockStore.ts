import { labelHash64 } from '../../alerting';
import { type LockHolder, withinBudgetHour } from '../../alerting/remediation';
import { KubernetesApiError, type KubernetesApi, type LeaseState } from './kubernetesApi';
import type { AcquireResult, BudgetResult, LockStore } from './lockStore';

const ANNOTATION = 'vigil.dev/remediation-lock';
const LAST_ACTION = 'vigil.dev/last-action';
/** On an activity's budget Lease: the ISO times of its actions within the last hour, as a JSON array. */
const RECENT_ACTIONS = 'vigil.dev/recent-actions';
const LABELS = { 'app.kubernetes.io/managed-by': 'vigil-remediate' };
const MAX_CONFLICT_RETRIES = 3;
/** Replicas spending one activity's budget at once each retry after a conflict; more of them, more retries. */
const MAX_BUDGET_RETRIES = 8;

/** Lease name of a lock key: a hash, since targets hold characters a name may not. */
export function leaseName(key: string): string {
  return `vigil-remediate-${labelHash64(key)}`;
}

/** Lease name of an activity's hourly budget. */
export function budgetLeaseName(activity: string): string {
  return `vigil-remediate-budget-${labelHash64(activity)}`;
}

function holderOf(lease: LeaseState): LockHolder | undefined {
  if (!lease.holderIdentity) {
    return undefined;
  }
  try {
    return JSON.parse(lease.annotations[ANNOTATION] ?? '') as LockHolder;
  } catch {
    return { fingerprint: '(unknown)', startsAt: '', lockedAt: lease.acquireTime ?? '' };
  }
}

function recentActions(lease: LeaseState | undefined): number[] {
  try {
    const times: unknown = JSON.parse(lease?.annotations[RECENT_ACTIONS] ?? '[]');
    return Array.isArray(times) ? times.map((time) => Date.parse(String(time))).filter((ms) => !Number.isNaN(ms)) : [];
  } catch {
    return [];
  }
}

/**
 * Locks as coordination.k8s.io/v1 Leases: create, or update with the resourceVersion read, so of two replicas
 * acting at once exactly one wins (the other gets 409 Conflict and treats the lock as held). Each activity's
 * hourly budget is a Lease too, spent the same way, so replicas share one budget.
 */
export class LeaseLockStore implements LockStore {
  readonly kind = 'lease';

  constructor(
    private readonly api: KubernetesApi,
    private readonly namespace: string,
    /** This replica (the pod's name). */
    private readonly identity: string
  ) {}

  async acquire(key: string, holder: LockHolder): Promise<AcquireResult> {
    const name = leaseName(key);
    const now = new Date().toISOString();
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.api.readLease(this.namespace, name);
      if (current?.holderIdentity) {
        return { acquired: false, holder: holderOf(current) };
      }
      const lastAction = current?.annotations[LAST_ACTION];
      const written = await this.api.writeLease(this.namespace, {
        name,
        ...(current?.resourceVersion ? { resourceVersion: current.resourceVersion } : {}),
        labels: LABELS,
        annotations: {
          [ANNOTATION]: JSON.stringify(holder),
          'vigil.dev/lock-key': key.slice(0, 1000),
          ...(lastAction ? { [LAST_ACTION]: lastAction } : {}),
        },
        holderIdentity: this.identity,
        acquireTime: now,
        renewTime: now,
      });
      if (written === 'written') {
        return { acquired: true, ...(lastAction ? { lastActionMs: Date.parse(lastAction) } : {}) };
      }
    }
    const latest = await this.api.readLease(this.namespace, name);
    return { acquired: false, holder: latest ? holderOf(latest) : undefined };
  }

  async noteAction(key: string, atMs: number): Promise<void> {
    const name = leaseName(key);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.api.readLease(this.namespace, name);
      if (!current) {
        return;
      }
      const noted = {
        ...current,
        annotations: { ...current.annotations, [LAST_ACTION]: new Date(atMs).toISOString() },
      };
      if ((await this.api.writeLease(this.namespace, noted)) === 'written') {
        return;
      }
    }
  }

  async spendBudget(activity: string, maxPerHour: number, nowMs: number): Promise<BudgetResult> {
    const name = budgetLeaseName(activity);
    for (let attempt = 0; attempt < MAX_BUDGET_RETRIES; attempt++) {
      const current = await this.api.readLease(this.namespace, name);
      const recent = withinBudgetHour(recentActions(current), nowMs);
      if (recent.length >= maxPerHour) {
        return { spent: false, used: recent.length };
      }
      const written = await this.api.writeLease(this.namespace, {
        name,
        ...(current?.resourceVersion ? { resourceVersion: current.resourceVersion } : {}),
        labels: current?.labels ?? LABELS,
        annotations: {
          ...current?.annotations,
          'vigil.dev/activity': activity.slice(0, 1000),
          [RECENT_ACTIONS]: JSON.stringify([...recent, nowMs].map((ms) => new Date(ms).toISOString())),
        },
      });
      if (written === 'written') {
        return { spent: true };
      }
    }
    throw new KubernetesApiError(409, `lease ${name}: budget kept changing while being spent`);
  }

  async release(key: string, fingerprint: string): Promise<boolean> {
    const name = leaseName(key);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.api.readLease(this.namespace, name);
      if (!current || holderOf(current)?.fingerprint !== fingerprint) {
        return false;
      }
      const written = await this.api.writeLease(this.namespace, {
        name,
        ...(current.resourceVersion ? { resourceVersion: current.resourceVersion } : {}),
        labels: current.labels,
        annotations: Object.fromEntries(
          Object.entries(current.annotations).filter(([annotation]) => annotation !== ANNOTATION)
        ),
      });
      if (written === 'written') {
        return true;
      }
    }
    throw new KubernetesApiError(409, `lease ${name}: kept changing while being released`);
  }
}
