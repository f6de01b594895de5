import {
  type ActionOutcome,
  type ActionRecord,
  type Activity,
  activityMatches,
  activityTarget,
  guardDecision,
  type GuardState,
  lockDecision,
  type LockHolder,
  recordAction,
  recordRefusal,
  targetKey,
  TemplateError,
  wasRefused,
  type WebhookAlert,
  type WebhookPayload,
} from '../../alerting/remediation';
import { FITTED_AT_ANNOTATION } from '../../alerting';
import type { Logger } from '../log';
import type { MetricsRegistry } from '../metrics/registry';
import { describeAction, explainFiring, lockWaitDetail } from './explainDecision';
import type { GitRecord } from './gitRecord';
import type { KubernetesApi } from './kubernetesApi';
import type { LockStore } from './lockStore';
import type { RemediationStore } from './remediationStore';
import { actionTimeLimitMs, runAction } from './runAction';
import { staleLockReason } from './staleLock';

/** What happened to one (alert, activity) pair. */
export interface Decision {
  activity: string;
  fingerprint: string;
  target: string;
  result: ActionOutcome | 'redelivery' | 'released' | 'not_locked' | 'invalid_target';
  detail: string;
}

/** A notification that came after SIGTERM, or waited behind the one under way then: answered 503, sent again. */
export class ReceiverStopping extends Error {
  constructor() {
    super('vigil remediate is stopping: Alertmanager will send the notification again');
    this.name = 'ReceiverStopping';
  }
}

/** Time a stopping receiver allows past an action's own limit, to record it, release locks and answer. */
const STOP_MARGIN_MS = 5_000;

export interface RemediationServiceOptions {
  activities: Activity[];
  store: RemediationStore;
  locks: LockStore;
  kubernetes: () => KubernetesApi;
  git: GitRecord | undefined;
  log: Logger;
  metrics: MetricsRegistry;
  dryRun: boolean;
  /** remediation.lock_max_age: an older lock of another alert is released (see lockExpired). */
  lockMaxAgeMs: number;
  now?: () => number;
}

/**
 * Turns Alertmanager notifications into actions: match activities, take the (activity, target) lock, apply the
 * cooldown and hourly budget, act, record. Notifications are handled one at a time, in arrival order.
 */
export class RemediationService {
  private queue: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private readonly now: () => number;

  constructor(private readonly options: RemediationServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  handle(payload: WebhookPayload): Promise<Decision[]> {
    const next = this.queue.then(() => this.handleNow(payload));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Stops taking decisions: notifications not yet under way are refused with ReceiverStopping. Resolves true
   * once the one under way is done, or false when its action outlasts the longest time an action may take.
   */
  stop(): Promise<boolean> {
    this.stopping = true;
    const limitMs =
      Math.max(0, ...this.options.activities.map((activity) => actionTimeLimitMs(activity.action))) + STOP_MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    const outlasted = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), limitMs)));
    const done = this.queue.then(() => true);
    return Promise.race([done, outlasted]).finally(() => clearTimeout(timer));
  }

  /**
   * Records the actions a previous run left under way as `interrupted` (see RemediationStore.interruptStarted);
   * their locks stay held, so a re-sent notification does not run them again.
   */
  recordInterrupted(): void {
    const { store, git, log, metrics } = this.options;
    for (const record of store.interruptStarted(git !== undefined)) {
      metrics.inc('vigil_remediation_actions_total', { activity: record.activity, outcome: record.outcome });
      log.warn(
        { activity: record.activity, target: record.target, fingerprint: record.fingerprint, startedAt: record.time },
        `action interrupted: ${record.detail}`
      );
    }
  }

  private async handleNow(payload: WebhookPayload): Promise<Decision[]> {
    const decisions: Decision[] = [];
    for (const alert of payload.alerts) {
      for (const activity of this.options.activities) {
        if (!activityMatches(activity, alert.labels)) {
          continue;
        }
        if (this.stopping) {
          throw new ReceiverStopping();
        }
        const decision =
          alert.status === 'resolved' ? await this.release(activity, alert) : await this.fire(activity, alert);
        if (decision.result === 'redelivery') {
          this.options.metrics.inc('vigil_remediation_redeliveries_total', { activity: activity.name });
        }
        decisions.push(decision);
      }
    }
    if (this.options.git && decisions.some((decision) => isRecorded(decision.result))) {
      await this.options.git.flush();
    }
    return decisions;
  }

  private targetOf(activity: Activity, alert: WebhookAlert): string | Error {
    try {
      return activityTarget(activity, alert.labels, alert.fingerprint);
    } catch (error) {
      if (error instanceof TemplateError) {
        return error;
      }
      throw error;
    }
  }

  private async release(activity: Activity, alert: WebhookAlert): Promise<Decision> {
    const target = this.targetOf(activity, alert);
    if (target instanceof Error) {
      return this.decision(activity, alert, '', 'invalid_target', target.message);
    }
    const released = this.options.dryRun
      ? false
      : await this.options.locks.release(targetKey(activity.name, target), alert.fingerprint);
    if (released) {
      this.options.metrics.inc('vigil_remediation_lock_releases_total', { activity: activity.name });
      this.options.log.info(
        { activity: activity.name, target, fingerprint: alert.fingerprint },
        'alert resolved: lock released'
      );
    }
    return this.decision(activity, alert, target, released ? 'released' : 'not_locked', '');
  }

  private async fire(activity: Activity, alert: WebhookAlert): Promise<Decision> {
    const { store, locks, log, metrics } = this.options;
    const target = this.targetOf(activity, alert);
    if (target instanceof Error) {
      log.warn(
        { activity: activity.name, fingerprint: alert.fingerprint, error: target.message },
        'activity skipped: labels do not make a valid target'
      );
      return this.decision(activity, alert, '', 'invalid_target', target.message);
    }
    const nowMs = this.now();
    if (this.options.dryRun) {
      const detail = explainFiring(activity, alert, target, store.state, nowMs, this.options.lockMaxAgeMs);
      return this.finish(activity, alert, target, 'dry_run', detail, 0, false);
    }
    const key = targetKey(activity.name, target);
    const fittedAt = alert.annotations[FITTED_AT_ANNOTATION];
    const holder = {
      fingerprint: alert.fingerprint,
      startsAt: alert.startsAt,
      lockedAt: new Date(nowMs).toISOString(),
      ...(fittedAt ? { fittedAt } : {}),
    };
    let lock = await locks.acquire(key, holder);
    const stale = lock.acquired ? undefined : this.staleLock(lock.holder, alert, fittedAt, nowMs);
    if (stale) {
      await locks.release(key, stale.holder.fingerprint);
      metrics.inc('vigil_remediation_lock_releases_total', { activity: activity.name });
      log.info(
        { activity: activity.name, target, fingerprint: alert.fingerprint, holder: stale.holder, fittedAt },
        `lock released: ${stale.reason}`
      );
      lock = await locks.acquire(key, holder);
    }
    if (!lock.acquired) {
      if (lockDecision(lock.holder, alert.fingerprint, alert.startsAt, fittedAt) === 'redelivery') {
        const interrupted = store.lastRecord(activity.name, alert.fingerprint)?.outcome === 'interrupted';
        const detail = interrupted
          ? 'already acted on this alert, but interrupted: not run again (see its record)'
          : 'already acted on this alert';
        return this.decision(activity, alert, target, 'redelivery', detail);
      }
      metrics.inc('vigil_remediation_lock_waits_total', { activity: activity.name });
      const detail = lockWaitDetail(lock.holder, this.options.lockMaxAgeMs);
      if (wasRefused(store.state.guard, activity.name, alert)) {
        return this.decision(activity, alert, target, 'redelivery', detail);
      }
      store.setGuard(recordRefusal(store.state.guard, activity.name, alert, nowMs));
      return this.finish(activity, alert, target, 'lock_wait', detail, 0, true);
    }
    let refusal: Decision | undefined;
    try {
      refusal = await this.applyGuardRails(activity, alert, target, key, lock.lastActionMs, nowMs);
    } catch (error) {
      // Held, the lock would turn Alertmanager's retry of this notification into a redelivery: nothing would run.
      await locks
        .release(key, alert.fingerprint)
        .catch((releaseError: Error) =>
          log.warn(
            { activity: activity.name, target, fingerprint: alert.fingerprint, error: releaseError.message },
            'lock not released after an error: it stays until the alert resolves'
          )
        );
      throw error;
    }
    if (refusal) {
      return refusal;
    }
    const started = this.record(activity, alert, target, 'started', describeAction(activity, alert), 0);
    store.addRecord(started, false);
    const startedMs = this.now();
    let outcome: ActionOutcome = 'succeeded';
    let detail: string;
    try {
      detail = await runAction(activity, alert, {
        kubernetes: this.options.kubernetes,
        log: this.options.log,
        now: this.now,
      });
    } catch (error) {
      outcome = 'failed';
      detail = (error as Error).message;
    }
    return this.finish(activity, alert, target, outcome, detail, this.now() - startedMs, true, started);
  }

  /** Why a lock another notification holds is to be released now, or undefined when it stands. */
  private staleLock(
    holder: LockHolder | undefined,
    alert: WebhookAlert,
    fittedAt: string | undefined,
    nowMs: number
  ): { holder: LockHolder; reason: string } | undefined {
    const reason = staleLockReason(holder, alert, fittedAt, nowMs, this.options.lockMaxAgeMs);
    return holder && reason ? { holder, reason } : undefined;
  }

  /**
   * With the lock taken: the cooldown, then the hourly budget (spent where every replica sees it), then the
   * action noted; a refusal releases the lock and is returned. The guard state records the action only once all
   * of that worked, so an error (thrown) leaves no cooldown behind.
   */
  private async applyGuardRails(
    activity: Activity,
    alert: WebhookAlert,
    target: string,
    key: string,
    lastActionMs: number | undefined,
    nowMs: number
  ): Promise<Decision | undefined> {
    const { store, locks, metrics } = this.options;
    const guard = guardDecision(
      withClusterCooldown(store.state.guard, key, lastActionMs),
      activity,
      target,
      alert,
      nowMs
    );
    if (guard.kind !== 'run') {
      await locks.release(key, alert.fingerprint);
      if (guard.kind === 'already_refused') {
        return this.decision(activity, alert, target, 'redelivery', 'refusal already recorded');
      }
      store.setGuard(recordRefusal(store.state.guard, activity.name, alert, nowMs));
      if (guard.kind === 'cooldown') {
        metrics.inc('vigil_remediation_cooldown_refusals_total', { activity: activity.name });
        const detail = `cooldown until ${new Date(guard.untilMs).toISOString()}`;
        return this.finish(activity, alert, target, 'refused_cooldown', detail, 0, true);
      }
      return this.refuseBudget(activity, alert, target, guard.used);
    }
    const budget = await locks.spendBudget(activity.name, activity.maxActionsPerHour, nowMs);
    if (!budget.spent) {
      await locks.release(key, alert.fingerprint);
      if (wasRefused(store.state.guard, activity.name, alert)) {
        return this.decision(activity, alert, target, 'redelivery', 'refusal already recorded');
      }
      store.setGuard(recordRefusal(store.state.guard, activity.name, alert, nowMs));
      return this.refuseBudget(activity, alert, target, budget.used);
    }
    await locks.noteAction(key, nowMs);
    store.setGuard(recordAction(store.state.guard, activity.name, target, nowMs));
    return undefined;
  }

  private refuseBudget(activity: Activity, alert: WebhookAlert, target: string, used: number): Decision {
    this.options.metrics.inc('vigil_remediation_budget_refusals_total', { activity: activity.name });
    const detail = `budget of ${activity.maxActionsPerHour} actions per hour used (${used})`;
    return this.finish(activity, alert, target, 'refused_budget', detail, 0, true);
  }

  private decision(
    activity: Activity,
    alert: WebhookAlert,
    target: string,
    result: Decision['result'],
    detail: string
  ): Decision {
    return { activity: activity.name, fingerprint: alert.fingerprint, target, result, detail };
  }

  private record(
    activity: Activity,
    alert: WebhookAlert,
    target: string,
    outcome: ActionOutcome,
    detail: string,
    durationMs: number
  ): ActionRecord {
    return {
      time: new Date(this.now()).toISOString(),
      fingerprint: alert.fingerprint,
      activity: activity.name,
      target,
      outcome,
      durationMs,
      labels: alert.labels,
      detail,
    };
  }

  /** Records the decision (replacing the record of the action as `started`) and logs it. */
  private finish(
    activity: Activity,
    alert: WebhookAlert,
    target: string,
    outcome: ActionOutcome,
    detail: string,
    durationMs: number,
    toGit: boolean,
    started?: ActionRecord
  ): Decision {
    const record = {
      ...this.record(activity, alert, target, outcome, detail, durationMs),
      ...(started && { time: started.time }),
    };
    this.options.store.addRecord(record, toGit && this.options.git !== undefined, started);
    this.options.metrics.inc('vigil_remediation_actions_total', { activity: activity.name, outcome });
    const level = outcome === 'failed' ? 'warn' : 'info';
    this.options.log[level](
      { activity: activity.name, target, fingerprint: alert.fingerprint, outcome, durationMs },
      detail
    );
    return this.decision(activity, alert, target, outcome, detail);
  }
}

/** The guard state with the last action any replica took on the key (from its Lease), if later than ours. */
function withClusterCooldown(guard: GuardState, key: string, lastActionMs: number | undefined): GuardState {
  if (lastActionMs === undefined || Number.isNaN(lastActionMs) || (guard.lastAction[key] ?? 0) >= lastActionMs) {
    return guard;
  }
  return { ...guard, lastAction: { ...guard.lastAction, [key]: lastActionMs } };
}

function isRecorded(result: Decision['result']): boolean {
  return !['redelivery', 'released', 'not_locked', 'invalid_target', 'dry_run'].includes(result);
}
