import type { LockHolder } from '../../alerting/remediation';

export type AcquireResult =
  /** lastActionMs: the last action on this key by any replica (Leases only), for a cluster-wide cooldown. */
  { acquired: true; lastActionMs?: number } | { acquired: false; holder: LockHolder | undefined };

/** used: the actions within the hour that filled the budget. */
export type BudgetResult = { spent: true } | { spent: false; used: number };

/**
 * The lock on an (activity, target): taken when an action starts, kept until the alert that caused it
 * resolves. A Lease per key in Kubernetes (replicas share it), an entry of the state file otherwise.
 */
export interface LockStore {
  readonly kind: 'lease' | 'file';
  acquire(key: string, holder: LockHolder): Promise<AcquireResult>;
  /** Notes an action on the key where other replicas see it (a no-op for the state file: one receiver). */
  noteAction(key: string, atMs: number): Promise<void>;
  /**
   * Takes one of the activity's `maxPerHour` actions where every replica counts them, refusing when they are
   * used up. The state file has one receiver, whose guard rails count its actions already: always spent.
   */
  spendBudget(activity: string, maxPerHour: number, nowMs: number): Promise<BudgetResult>;
  /** Releases the lock if `fingerprint` holds it; true when it did. */
  release(key: string, fingerprint: string): Promise<boolean>;
}
