import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type ActionRecord,
  actionRecordSchema,
  emptyGuardState,
  type GuardState,
  guardStateSchema,
  type LockHolder,
  lockHolderSchema,
} from '../../alerting/remediation';
import { writeFileAtomic } from '../state/atomicWrite';
import { UserError } from '../command';
import type { AcquireResult, BudgetResult, LockStore } from './lockStore';

/** Actions kept for `GET /api/v1/actions`. */
const RECENT_LIMIT = 500;

const stateSchema = z.object({
  version: z.literal(1),
  guard: guardStateSchema,
  locks: z.record(z.string(), lockHolderSchema),
  recent: z.array(actionRecordSchema),
  /** Records not yet committed to the Git record: kept here until a commit holds them. */
  pending: z.array(actionRecordSchema),
  /** Commits not yet pushed to the remote. */
  pushPending: z.boolean(),
});

export type RemediationState = z.output<typeof stateSchema>;

/**
 * The receiver's state (guard rails, file locks, recent actions, records waiting for Git) in
 * `<model_path>/remediation/state.json`, rewritten atomically after every change.
 */
export class RemediationStore {
  readonly file: string;
  state: RemediationState;

  constructor(readonly directory: string) {
    this.file = join(directory, 'state.json');
    this.state = this.load();
  }

  /**
   * The state as saved. Unlike the detectors' state, which can be rebuilt, one that cannot be read is not set aside
   * to start afresh: its locks, cooldowns and budgets keep actions from running twice, and its records may not be
   * in Git yet. The receiver refuses to start, naming the file.
   */
  private load(): RemediationState {
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { version: 1, guard: emptyGuardState(), locks: {}, recent: [], pending: [], pushPending: false };
      }
      const reason =
        error instanceof SyntaxError ? `not valid JSON (${error.message.split('\n')[0]})` : (error as Error).message;
      throw this.unreadable(reason);
    }
    const parsed = stateSchema.safeParse(input);
    if (!parsed.success) {
      throw this.unreadable(`not a vigil remediate state file (${parsed.error.issues[0].message})`);
    }
    return parsed.data;
  }

  private unreadable(reason: string): UserError {
    return new UserError(
      `${this.file}: ${reason}: it holds the locks, cooldowns and records not yet in Git; repair it, or move it ` +
        'aside to start afresh (locks and cooldowns forgotten)'
    );
  }

  update(change: (state: RemediationState) => RemediationState): void {
    const next = change(this.state);
    mkdirSync(this.directory, { recursive: true });
    writeFileAtomic(this.file, `${JSON.stringify(next)}\n`);
    this.state = next;
  }

  setGuard(guard: GuardState): void {
    this.update((state) => ({ ...state, guard }));
  }

  /**
   * Adds a record to the recent list and to the records waiting for Git, in one write; it replaces `started`,
   * the record of the same action written when it started.
   */
  addRecord(record: ActionRecord, toGit: boolean, started?: ActionRecord): void {
    this.update((state) => ({
      ...state,
      recent: [...state.recent.filter((kept) => kept !== started), record].slice(-RECENT_LIMIT),
      pending: toGit ? [...state.pending, record] : state.pending,
    }));
  }

  /**
   * The actions a receiver left `started` (it stopped or crashed during them) become `interrupted`, in the recent
   * list and, with `toGit`, in the records waiting for Git. Returns them.
   */
  interruptStarted(toGit: boolean): ActionRecord[] {
    const interrupted = new Map<ActionRecord, ActionRecord>();
    for (const record of this.state.recent.filter((kept) => kept.outcome === 'started')) {
      interrupted.set(record, {
        ...record,
        outcome: 'interrupted',
        detail: `vigil remediate stopped before the action finished: whether it took effect is unknown (${record.detail})`,
      });
    }
    if (interrupted.size > 0) {
      this.update((state) => ({
        ...state,
        recent: state.recent.map((record) => interrupted.get(record) ?? record),
        pending: toGit ? [...state.pending, ...interrupted.values()] : state.pending,
      }));
    }
    return [...interrupted.values()];
  }

  /** This activity's latest record of the alert, if still among the recent ones. */
  lastRecord(activity: string, fingerprint: string): ActionRecord | undefined {
    return this.state.recent.findLast((record) => record.activity === activity && record.fingerprint === fingerprint);
  }
}

/** Locks kept in the state file: for one receiver outside Kubernetes (its state directory is locked). */
export class FileLockStore implements LockStore {
  readonly kind = 'file';

  constructor(private readonly store: RemediationStore) {}

  acquire(key: string, holder: LockHolder): Promise<AcquireResult> {
    const current = this.store.state.locks[key];
    if (current) {
      return Promise.resolve({ acquired: false, holder: current });
    }
    this.store.update((state) => ({ ...state, locks: { ...state.locks, [key]: holder } }));
    return Promise.resolve({ acquired: true });
  }

  noteAction(): Promise<void> {
    return Promise.resolve();
  }

  spendBudget(): Promise<BudgetResult> {
    return Promise.resolve({ spent: true });
  }

  release(key: string, fingerprint: string): Promise<boolean> {
    if (this.store.state.locks[key]?.fingerprint !== fingerprint) {
      return Promise.resolve(false);
    }
    this.store.update((state) => {
      const locks = { ...state.locks };
      delete locks[key];
      return { ...state, locks };
    });
    return Promise.resolve(true);
  }
}
