import { z } from 'zod';
import type { Activity } from './activity';

const HOUR_MS = 3_600_000;

/** Who holds the lock on an (activity, target): the alert episode that caused the action. */
export interface LockHolder {
  fingerprint: string;
  startsAt: string;
  lockedAt: string;
  /** When the detector had fitted the alert's series (its `vigil_fitted_at` annotation), if it said. */
  fittedAt?: string;
}

export const lockHolderSchema = z.object({
  fingerprint: z.string(),
  startsAt: z.string(),
  lockedAt: z.string(),
  fittedAt: z.string().optional(),
});

/** The guard rails' memory, kept in the state directory between notifications. */
export interface GuardState {
  /** Per activity: ms of its actions within the last hour (the budget). */
  actions: Record<string, number[]>;
  /** Per `activity target`: ms of the last action (the cooldown). */
  lastAction: Record<string, number>;
  /** Refusals already recorded, `activity fingerprint startsAt` -> ms, so a redelivery records nothing new. */
  refused: Record<string, number>;
}

export const guardStateSchema = z.object({
  actions: z.record(z.string(), z.array(z.number())),
  lastAction: z.record(z.string(), z.number()),
  refused: z.record(z.string(), z.number()),
});

export function emptyGuardState(): GuardState {
  return { actions: {}, lastAction: {}, refused: {} };
}

export type GuardDecision =
  | { kind: 'run' }
  | { kind: 'cooldown'; untilMs: number }
  | { kind: 'budget'; used: number }
  /** A refusal of this episode was recorded already: Alertmanager resent the notification. */
  | { kind: 'already_refused' };

export type LockDecision = 'free' | 'redelivery' | 'refitted' | 'new_episode' | 'held';

export function targetKey(activity: string, target: string): string {
  return `${activity} ${target}`;
}

function episodeKey(activity: string, fingerprint: string, startsAt: string): string {
  return `${activity} ${fingerprint} ${startsAt}`;
}

/**
 * The lock rule: a target locked by the same alert episode means a redelivered notification (nothing to do),
 * unless the detector has refitted the series since the lock was taken (a newer `vigil_fitted_at`): then the
 * lock is cleared, as after a resolve. Locked by an earlier episode of the same alert (a later `startsAt`), the
 * lock is cleared too: that episode ended, its resolve was missed. Locked by another alert, the activity waits
 * until that alert resolves.
 */
export function lockDecision(
  holder: LockHolder | undefined,
  fingerprint: string,
  startsAt: string,
  fittedAt?: string
): LockDecision {
  if (!holder) {
    return 'free';
  }
  if (holder.fingerprint !== fingerprint) {
    return 'held';
  }
  if (fittedAt && holder.fittedAt && Date.parse(fittedAt) > Date.parse(holder.fittedAt)) {
    return 'refitted';
  }
  // A notification of an earlier episode, re-sent late, is superseded: nothing to do.
  return Date.parse(startsAt) > Date.parse(holder.startsAt) ? 'new_episode' : 'redelivery';
}

/**
 * True when the lock was taken more than `maxAgeMs` before `nowMs`: the resolve of its alert was most likely
 * missed, and the lock no longer keeps other alerts waiting.
 */
export function lockExpired(holder: LockHolder, nowMs: number, maxAgeMs: number): boolean {
  return nowMs - Date.parse(holder.lockedAt) > maxAgeMs;
}

/** The action times (ms) that still count against an hourly budget at `nowMs`. */
export function withinBudgetHour(times: number[], nowMs: number): number[] {
  return times.filter((at) => at > nowMs - HOUR_MS);
}

/** Cooldown per (activity, target), then the activity's hourly budget. */
export function guardDecision(
  state: GuardState,
  activity: Activity,
  target: string,
  alert: { fingerprint: string; startsAt: string },
  nowMs: number
): GuardDecision {
  const last = state.lastAction[targetKey(activity.name, target)];
  const used = withinBudgetHour(state.actions[activity.name] ?? [], nowMs).length;
  const refusedBefore = wasRefused(state, activity.name, alert);
  if (last !== undefined && nowMs < last + activity.cooldownMs) {
    return refusedBefore ? { kind: 'already_refused' } : { kind: 'cooldown', untilMs: last + activity.cooldownMs };
  }
  if (used >= activity.maxActionsPerHour) {
    return refusedBefore ? { kind: 'already_refused' } : { kind: 'budget', used };
  }
  return { kind: 'run' };
}

/** The state after an action started on `target` at `nowMs` (old entries dropped). */
export function recordAction(state: GuardState, activity: string, target: string, nowMs: number): GuardState {
  const recent = withinBudgetHour(state.actions[activity] ?? [], nowMs);
  return prune(
    {
      ...state,
      actions: { ...state.actions, [activity]: [...recent, nowMs] },
      lastAction: { ...state.lastAction, [targetKey(activity, target)]: nowMs },
    },
    nowMs
  );
}

/** True when a refusal of this alert episode by this activity was recorded already. */
export function wasRefused(
  state: GuardState,
  activity: string,
  alert: { fingerprint: string; startsAt: string }
): boolean {
  return state.refused[episodeKey(activity, alert.fingerprint, alert.startsAt)] !== undefined;
}

/** The state after a refusal of this alert episode was recorded. */
export function recordRefusal(
  state: GuardState,
  activity: string,
  alert: { fingerprint: string; startsAt: string },
  nowMs: number
): GuardState {
  return prune(
    { ...state, refused: { ...state.refused, [episodeKey(activity, alert.fingerprint, alert.startsAt)]: nowMs } },
    nowMs
  );
}

/** Refusals older than a day are forgotten; so are cooldowns that ended more than a day ago. */
function prune(state: GuardState, nowMs: number): GuardState {
  const since = nowMs - 24 * HOUR_MS;
  const keep = (entries: Record<string, number>) =>
    Object.fromEntries(Object.entries(entries).filter(([, at]) => at > since));
  return { ...state, refused: keep(state.refused), lastAction: keep(state.lastAction) };
}
