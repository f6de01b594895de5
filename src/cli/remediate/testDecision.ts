import {
  type Activity,
  activityMatches,
  activityTarget,
  guardDecision,
  lockDecision,
  lockExpired,
  targetKey,
  type WebhookAlert,
} from '../../alerting/remediation';
import type { RemediationState } from './remediationStore';
import { describeAction, lockWaitDetail } from './remediationService';

/**
 * What `vigil remediate` would do with these alerts given its saved state (file locks, cooldowns, budgets),
 * one line per (alert, activity); nothing is run or changed.
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
      const holder = state.locks[targetKey(activity.name, target)];
      const lock = lockDecision(holder, alert.fingerprint, alert.startsAt);
      if (lock === 'redelivery') {
        lines.push(`${who}: activity ${activity.name}: already acted on (redelivery)`);
        continue;
      }
      if (lock === 'held' && !lockExpired(holder, nowMs, lockMaxAgeMs)) {
        lines.push(`${who}: activity ${activity.name}: waits: ${target} is ${lockWaitDetail(holder, lockMaxAgeMs)}`);
        continue;
      }
      const guard = guardDecision(state.guard, activity, target, alert, nowMs);
      const verdict =
        guard.kind === 'run'
          ? `would run ${describeAction(activity, alert)}`
          : guard.kind === 'cooldown'
            ? `refused: cooldown until ${new Date(guard.untilMs).toISOString()}`
            : guard.kind === 'budget'
              ? `refused: ${guard.used} of ${activity.maxActionsPerHour} actions this hour used`
              : 'refusal already recorded';
      lines.push(`${who}: activity ${activity.name}: ${verdict}`);
    }
  }
  return lines;
}
