import {
  type Activity,
  activityMatches,
  activityTarget,
  guardDecision,
  lockDecision,
  lockExpired,
  type LockHolder,
  renderTemplate,
  targetKey,
  type WebhookAlert,
} from '../../alerting/remediation';
import { FITTED_AT_ANNOTATION } from '../../alerting';
import type { RemediationState } from './remediationStore';
import { staleLockReason } from './staleLock';

/** One line naming the action, its templates filled from the alert's labels. */
export function describeAction(activity: Activity, alert: WebhookAlert): string {
  const action = activity.action;
  switch (action.type) {
    case 'command':
      return `command ${JSON.stringify(action.argv.map((part) => renderTemplate(part, alert.labels)))} (timeout ${action.timeoutMs} ms) with ${Object.keys(alert.labels).length} label variables`;
    case 'rollout_restart':
      return `rollout restart of ${activityTarget(activity, alert.labels, alert.fingerprint)}`;
    case 'scale':
      return `scale ${activityTarget(activity, alert.labels, alert.fingerprint)} to ${action.replicas} replicas (min ${action.min}, max ${action.max})`;
    case 'webhook':
      return `POST of the alert to ${new URL(action.url).origin}`;
  }
}

/** Who holds the lock, and until when at the latest. */
export function lockWaitDetail(holder: LockHolder | undefined, lockMaxAgeMs: number): string {
  const expires = Date.parse(holder?.lockedAt ?? '') + lockMaxAgeMs;
  const latest = Number.isNaN(expires) ? '' : ` (at the latest ${new Date(expires).toISOString()}: lock_max_age)`;
  return `locked by alert ${holder?.fingerprint ?? '(unknown)'} until it resolves${latest}`;
}

/**
 * What the guard rails would decide for a firing alert on `target`, given the saved state (file locks, cooldowns,
 * budgets): `would run ...`, `refused: ...`, `waits: ...` or a redelivery. Changes nothing.
 */
export function explainFiring(
  activity: Activity,
  alert: WebhookAlert,
  target: string,
  state: RemediationState,
  nowMs: number,
  lockMaxAgeMs: number
): string {
  const holder = state.locks[targetKey(activity.name, target)];
  const lock = lockDecision(holder, alert.fingerprint, alert.startsAt, alert.annotations[FITTED_AT_ANNOTATION]);
  if (lock === 'redelivery') {
    return 'already acted on (redelivery)';
  }
  if (lock === 'held' && !lockExpired(holder, nowMs, lockMaxAgeMs)) {
    return `waits: ${target} is ${lockWaitDetail(holder, lockMaxAgeMs)}`;
  }
  const reason = staleLockReason(holder, alert, alert.annotations[FITTED_AT_ANNOTATION], nowMs, lockMaxAgeMs);
  const released = reason ? `releases the lock on ${target} (${reason}), then ` : '';
  return released + guardVerdict(activity, alert, target, state, nowMs);
}

function guardVerdict(
  activity: Activity,
  alert: WebhookAlert,
  target: string,
  state: RemediationState,
  nowMs: number
): string {
  const guard = guardDecision(state.guard, activity, target, alert, nowMs);
  switch (guard.kind) {
    case 'run':
      return `would run ${describeAction(activity, alert)}`;
    case 'cooldown':
      return `refused: cooldown until ${new Date(guard.untilMs).toISOString()}`;
    case 'budget':
      return `refused: ${guard.used} of ${activity.maxActionsPerHour} actions this hour used`;
    case 'already_refused':
      return 'refusal already recorded';
  }
}

/**
 * What `vigil remediate` would do with these alerts given its saved state, one line per (alert, activity);
 * nothing is run or changed.
 */
export function explainDecisions(
  activities: Activity[],
  alerts: WebhookAlert[],
  state: RemediationState,
  nowMs: number,
  lockMaxAgeMs: number
): string[] {
  const lines: string[] = [];
  for (const alert of alerts) {
    const matching = activities.filter((activity) => activityMatches(activity, alert.labels));
    const who = `alert ${alert.fingerprint} (${alert.status})`;
    if (matching.length === 0) {
      lines.push(`${who}: no activity matches`);
      continue;
    }
    for (const activity of matching) {
      let target: string;
      try {
        target = activityTarget(activity, alert.labels, alert.fingerprint);
      } catch (error) {
        lines.push(`${who}: activity ${activity.name}: skipped: ${(error as Error).message}`);
        continue;
      }
      if (alert.status === 'resolved') {
        const held = state.locks[targetKey(activity.name, target)]?.fingerprint === alert.fingerprint;
        lines.push(
          `${who}: activity ${activity.name}: ${held ? `would release the lock on ${target}` : `no lock to release on ${target}`}`
        );
        continue;
      }
      lines.push(
        `${who}: activity ${activity.name}: ${explainFiring(activity, alert, target, state, nowMs, lockMaxAgeMs)}`
      );
    }
  }
  return lines;
}
