import { type Alert, type AlertEpisode, type AlertTarget, buildAlert, type DetectionOutcome } from './alert';
import { type AlertEntry, type AlertState, type LastOutcome } from './alertState';
import { alertIdentity } from './identity';
import { alertLabels, SEVERITY_LABEL } from './labels';
import { isMuted, type MuteRule } from './mute';

export interface LifecycleOptions {
  /** Consecutive anomalous points before an alert fires. */
  forPoints: number;
  /**
   * Consecutive normal points before a firing alert resolves: anomalous points fewer apart belong to one episode
   * and keep one alert firing (the CLI uses the engine's episode gap).
   */
  resolveAfterPoints: number;
  /** At most maxChanges state changes within windowMs per series; beyond that the state is held. */
  flapping: { maxChanges: number; windowMs: number };
  /** Active alerts are sent with endsAt = now + activeTimeoutMs, so Alertmanager keeps them between runs. */
  activeTimeoutMs: number;
  /** A firing series without new points for this long (label churn, series gone) is resolved. */
  missingResolveAfterMs: number;
}

export const DEFAULT_LIFECYCLE_OPTIONS: LifecycleOptions = {
  forPoints: 1,
  resolveAfterPoints: 1,
  flapping: { maxChanges: 3, windowMs: 10 * 60_000 },
  activeTimeoutMs: 15 * 60_000,
  missingResolveAfterMs: 15 * 60_000,
};

export type AlertEventKind = 'pending' | 'fired' | 'resolved' | 'flapping' | 'settled' | 'gone' | 'muted';

/** Something that happened to an alert in this run, for logs and run metrics. */
export interface AlertEvent {
  kind: AlertEventKind;
  identity: string;
  detector: string;
  seriesLabels: Record<string, string>;
  /** Data time of the point that caused it (wall-clock time for `gone` and `muted`). */
  atMs: number;
}

export interface AlertRun {
  target: AlertTarget;
  /** New outcomes of this detector's series (any order; duplicates and already-seen points are ignored). */
  outcomes: DetectionOutcome[];
  /** Wall-clock time of the run, ms. */
  nowMs: number;
  mutes?: MuteRule[];
  /**
   * The last point already evaluated of a series without an entry, where the caller knows it (`vigil detect`: the
   * last point its detector state scored, when the alert state was saved by the same run). Points of such a series
   * then count from its own last point, even behind the detector's watermark (samples that arrived late); otherwise
   * from the watermark.
   */
  lastEvaluated?: (labels: Record<string, string>) => number | undefined;
}

export interface AlertRunResult {
  state: AlertState;
  /** Alerts to deliver: one per identity (plus a resolve for a label set that changed). */
  alerts: Alert[];
  events: AlertEvent[];
}

/**
 * Advances the alert lifecycle of one detector by one run. Pure: the input state is not modified.
 * Call it only for detectors whose query succeeded, since a series absent from `outcomes` counts as missing.
 */
export function evaluateAlerts(
  state: AlertState,
  run: AlertRun,
  options: LifecycleOptions = DEFAULT_LIFECYCLE_OPTIONS
): AlertRunResult {
  const detector = run.target.detector;
  const entries: Record<string, AlertEntry> = { ...state.entries };
  const watermark = state.watermarks[detector] ?? Number.NEGATIVE_INFINITY;
  const events: AlertEvent[] = [];
  const alerts: Alert[] = [];
  const firedThisRun = new Map<string, Episode>();
  let newWatermark = watermark;

  const byIdentity = groupByIdentity(detector, run.outcomes);
  for (const [identity, outcomes] of byIdentity) {
    const previous = entries[identity];
    const after = previous ? previous.lastPointMs : (run.lastEvaluated?.(outcomes[0].labels) ?? watermark);
    const fresh = outcomes.filter((outcome) => outcome.timestamp > after);
    if (fresh.length === 0) {
      continue;
    }
    const entry: AlertEntry = previous ? cloneEntry(previous) : newEntry(detector, fresh[0]);
    for (const outcome of fresh) {
      const wasFiring = entry.status === 'firing';
      advance(entry, outcome, options, (kind, atMs) => {
        events.push({ kind, identity, detector, seriesLabels: entry.seriesLabels, atMs });
        const episode = firedThisRun.get(identity);
        if (kind === 'resolved' && episode) {
          episode.endsAtMs = entry.endsAtMs;
        }
      });
      const episode = firedThisRun.get(identity);
      if (!wasFiring && entry.status === 'firing' && !episode) {
        firedThisRun.set(identity, { startsAtMs: entry.startsAtMs ?? outcome.timestamp, peak: entry.peak! });
      } else if (episode && entry.peak && entry.peak.score > episode.peak.score) {
        episode.peak = entry.peak;
      }
    }
    const lastOutcome = fresh[fresh.length - 1];
    entry.lastSeenMs = run.nowMs;
    entry.last = lastOutcomeOf(lastOutcome);
    newWatermark = Math.max(newWatermark, lastOutcome.timestamp);
    entries[identity] = entry;
  }

  for (const [identity, entry] of Object.entries(entries)) {
    if (entry.detector !== detector || byIdentity.has(identity)) {
      continue;
    }
    if (entry.status !== 'inactive' && run.nowMs - entry.lastSeenMs >= options.missingResolveAfterMs) {
      const copy = cloneEntry(entry);
      if (copy.status === 'firing') {
        events.push({ kind: 'gone', identity, detector, seriesLabels: copy.seriesLabels, atMs: run.nowMs });
      }
      copy.status = 'inactive';
      copy.endsAtMs = run.nowMs;
      copy.desiredActive = false;
      copy.streak = 0;
      copy.flapping = false;
      entries[identity] = copy;
    }
  }

  for (const [identity, entry] of Object.entries(entries)) {
    if (entry.detector !== detector) {
      continue;
    }
    const emitted = emit(entry, run, options, firedThisRun.get(identity));
    if (emitted.muted) {
      events.push({ kind: 'muted', identity, detector, seriesLabels: entry.seriesLabels, atMs: run.nowMs });
    }
    if (emitted.alerts.length > 0 || emitted.emitted !== entry.emitted) {
      const copy = entry === state.entries[identity] ? cloneEntry(entry) : entry;
      copy.emitted = emitted.emitted;
      entries[identity] = copy;
      alerts.push(...emitted.alerts);
    }
    if (isForgettable(entries[identity], run.nowMs, options)) {
      delete entries[identity];
    }
  }

  const watermarks = { ...state.watermarks };
  if (newWatermark > Number.NEGATIVE_INFINITY) {
    watermarks[detector] = newWatermark;
  }
  const evaluatedAt = { ...state.evaluatedAt, [detector]: run.nowMs };
  return { state: { version: state.version, entries, watermarks, evaluatedAt }, alerts, events };
}

function groupByIdentity(detector: string, outcomes: DetectionOutcome[]): Map<string, DetectionOutcome[]> {
  const groups = new Map<string, DetectionOutcome[]>();
  for (const outcome of outcomes) {
    const identity = alertIdentity(detector, outcome.labels);
    const group = groups.get(identity);
    if (group) {
      group.push(outcome);
    } else {
      groups.set(identity, [outcome]);
    }
  }
  for (const [identity, group] of groups) {
    groups.set(identity, dedupeByTimestamp(group));
  }
  return groups;
}

/** Sorted by time; of two outcomes for the same point, the anomalous (or higher-scoring) one counts. */
function dedupeByTimestamp(outcomes: DetectionOutcome[]): DetectionOutcome[] {
  const sorted = [...outcomes].sort((a, b) => a.timestamp - b.timestamp);
  const result: DetectionOutcome[] = [];
  for (const outcome of sorted) {
    const previous = result[result.length - 1];
    if (previous && previous.timestamp === outcome.timestamp) {
      if (rank(outcome) > rank(previous)) {
        result[result.length - 1] = outcome;
      }
    } else {
      result.push(outcome);
    }
  }
  return result;
}

function rank(outcome: DetectionOutcome): number {
  return (outcome.anomalous ? 2 : 0) + (Number.isFinite(outcome.score) ? outcome.score : 0);
}

function newEntry(detector: string, first: DetectionOutcome): AlertEntry {
  return {
    detector,
    seriesLabels: { ...first.labels },
    status: 'inactive',
    desiredActive: false,
    streak: 0,
    streakStartMs: first.timestamp,
    lastPointMs: Number.NEGATIVE_INFINITY,
    lastSeenMs: 0,
    changes: [],
    flapping: false,
  };
}

function cloneEntry(entry: AlertEntry): AlertEntry {
  return { ...entry, changes: [...entry.changes] };
}

type Report = (kind: AlertEventKind, atMs: number) => void;

/** One point through the state machine: streak, desired state, flapping hold, then the status. */
function advance(entry: AlertEntry, outcome: DetectionOutcome, options: LifecycleOptions, report: Report): void {
  const at = outcome.timestamp;
  if (outcome.anomalous) {
    const startsEpisode = !entry.desiredActive && entry.streak <= 0;
    if (startsEpisode || !entry.peak || outcome.score > entry.peak.score) {
      entry.peak = lastOutcomeOf(outcome);
    }
    if (entry.streak <= 0) {
      entry.streak = 0;
      entry.streakStartMs = at;
    }
    entry.streak++;
  } else {
    if (entry.streak >= 0) {
      entry.streak = 0;
      entry.streakStartMs = at;
    }
    entry.streak--;
  }
  entry.lastPointMs = at;

  const desired = entry.desiredActive ? entry.streak > -options.resolveAfterPoints : entry.streak >= options.forPoints;
  const windowStart = at - options.flapping.windowMs;
  entry.changes = entry.changes.filter((time) => time > windowStart);
  if (desired !== entry.desiredActive) {
    entry.desiredActive = desired;
    entry.changes.push(at);
  }

  if (!entry.flapping && entry.changes.length > options.flapping.maxChanges) {
    entry.flapping = true;
    report('flapping', at);
  } else if (entry.flapping && entry.changes.length === 0) {
    entry.flapping = false;
    report('settled', at);
  }
  if (entry.flapping) {
    return;
  }

  if (desired && entry.status !== 'firing') {
    entry.status = 'firing';
    entry.startsAtMs = entry.streakStartMs;
    report('fired', at);
  } else if (!desired && entry.status === 'firing') {
    entry.status = 'inactive';
    entry.endsAtMs = entry.streakStartMs;
    report('resolved', at);
  } else if (!desired && outcome.anomalous && entry.status === 'inactive') {
    entry.status = 'pending';
    report('pending', at);
  } else if (!desired && !outcome.anomalous && entry.status === 'pending') {
    entry.status = 'inactive';
  }
}

function lastOutcomeOf(outcome: DetectionOutcome): LastOutcome {
  const { timestamp, score, value, expected, lower, upper, explanation, fittedAtMs } = outcome;
  return {
    timestamp,
    score,
    value,
    expected,
    lower,
    upper,
    explanation,
    ...(fittedAtMs === undefined ? {} : { fittedAtMs }),
  };
}

/** An alert that fired during this run's points: its start, its peak, and its end if it resolved. */
interface Episode {
  startsAtMs: number;
  peak: LastOutcome;
  /** When it was over (the last end when it fired more than once). */
  endsAtMs?: number;
}

interface Emission {
  alerts: Alert[];
  emitted: AlertEntry['emitted'];
  muted: boolean;
}

/**
 * What to send for an entry: a firing alert every run while it is active (unless muted), a resolve once
 * when an alert that went out stops, and a resolve for an old label set when the labels changed.
 * An anomaly that began and ended between two runs goes out once, already resolved: startsAt and endsAt
 * are the episode's own, so Alertmanager never shows as active what is over (nor notifies it).
 */
function emit(entry: AlertEntry, run: AlertRun, options: LifecycleOptions, episode?: Episode): Emission {
  const last = entry.last;
  if (!last) {
    return { alerts: [], emitted: entry.emitted, muted: false };
  }
  const outcome: DetectionOutcome = { labels: entry.seriesLabels, anomalous: entry.status === 'firing', ...last };
  const labels = alertLabels({
    detector: run.target.detector,
    severity: run.target.severity,
    seriesLabels: entry.seriesLabels,
    extraLabels: run.target.extraLabels,
  });
  const alerts: Alert[] = [];
  const startsAtMs = entry.startsAtMs ?? last.timestamp;
  const firing = entry.status === 'firing';
  const current = entry.peak && alertEpisode(entry.seriesLabels, entry.peak, firing ? undefined : entry.endsAtMs);
  const wentOut = entry.emitted?.status === 'firing';
  if (wentOut && entry.emitted && !sameLabels(entry.emitted.labels, labels)) {
    const timing = { startsAtMs, endsAtMs: run.nowMs };
    alerts.push(resolveWithLabels(buildAlert(run.target, outcome, timing, false, current), entry.emitted.labels));
  }
  if (firing) {
    if (isMuted(run.mutes ?? [], labels, run.nowMs)) {
      return { alerts, emitted: alerts.length > 0 ? undefined : entry.emitted, muted: true };
    }
    const endsAtMs = run.nowMs + options.activeTimeoutMs;
    alerts.push(buildAlert(run.target, outcome, { startsAtMs, endsAtMs }, entry.flapping, current));
    return { alerts, emitted: { status: 'firing', labels }, muted: false };
  }
  if (wentOut) {
    const endsAtMs = entry.endsAtMs ?? run.nowMs;
    alerts.push(buildAlert(run.target, outcome, { startsAtMs, endsAtMs }, false, current));
    return { alerts, emitted: { status: 'resolved', labels }, muted: false };
  }
  if (episode?.endsAtMs !== undefined && !entry.flapping) {
    if (isMuted(run.mutes ?? [], labels, run.nowMs)) {
      return { alerts, emitted: entry.emitted, muted: true };
    }
    const fired: DetectionOutcome = { labels: entry.seriesLabels, anomalous: true, ...episode.peak };
    const timing = { startsAtMs: episode.startsAtMs, endsAtMs: episode.endsAtMs };
    alerts.push(
      buildAlert(run.target, fired, timing, false, alertEpisode(entry.seriesLabels, episode.peak, episode.endsAtMs))
    );
    return { alerts, emitted: { status: 'resolved', labels }, muted: false };
  }
  return { alerts, emitted: entry.emitted, muted: false };
}

export interface RetiredDetectors {
  state: AlertState;
  /** Resolves, ending now, of the retired detectors' alerts that went out firing. */
  alerts: Alert[];
  /** Each retired detector with the number of its alerts resolved. */
  resolved: Map<string, number>;
}

/**
 * Retires the detectors of the alert state that no longer run (removed, renamed or disabled): no later run evaluates
 * them, so their alerts that went out firing are resolved now, and their entries, watermark and evaluation time are
 * dropped. Call it with every detector that runs, whether or not its run succeeded this time. Pure.
 */
export function retireDetectors(
  state: AlertState,
  runs: (detector: string) => boolean,
  nowMs: number,
  appUrl?: string
): RetiredDetectors {
  const resolved = new Map<string, number>();
  const retired = (detector: string) => {
    if (runs(detector)) {
      return false;
    }
    resolved.set(detector, resolved.get(detector) ?? 0);
    return true;
  };
  const alerts: Alert[] = [];
  const entries: Record<string, AlertEntry> = {};
  for (const [identity, entry] of Object.entries(state.entries)) {
    if (!retired(entry.detector)) {
      entries[identity] = entry;
    } else if (entry.emitted?.status === 'firing' && entry.last) {
      const target = { detector: entry.detector, severity: entry.emitted.labels[SEVERITY_LABEL] ?? '', appUrl };
      const outcome: DetectionOutcome = { labels: entry.seriesLabels, anomalous: false, ...entry.last };
      const timing = { startsAtMs: entry.startsAtMs ?? entry.last.timestamp, endsAtMs: nowMs };
      const episode = entry.peak && alertEpisode(entry.seriesLabels, entry.peak, nowMs);
      alerts.push(resolveWithLabels(buildAlert(target, outcome, timing, false, episode), entry.emitted.labels));
      resolved.set(entry.detector, resolved.get(entry.detector)! + 1);
    }
  }
  const kept = (byDetector: Record<string, number>) =>
    Object.fromEntries(Object.entries(byDetector).filter(([detector]) => !retired(detector)));
  return {
    state: { ...state, entries, watermarks: kept(state.watermarks), evaluatedAt: kept(state.evaluatedAt) },
    alerts,
    resolved,
  };
}

function alertEpisode(labels: Record<string, string>, peak: LastOutcome, endedAtMs?: number): AlertEpisode {
  return { peak: { labels, anomalous: true, ...peak }, ...(endedAtMs === undefined ? {} : { endedAtMs }) };
}

function resolveWithLabels(alert: Alert, labels: Record<string, string>): Alert {
  return { ...alert, labels };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

/** Inactive, settled entries carry nothing a later run needs (lastEvaluated or the watermark covers re-evaluation). */
function isForgettable(entry: AlertEntry | undefined, nowMs: number, options: LifecycleOptions): boolean {
  if (!entry || entry.status !== 'inactive' || entry.flapping || entry.emitted?.status === 'firing') {
    return false;
  }
  const windowStart = entry.lastPointMs - options.flapping.windowMs;
  return entry.changes.every((time) => time <= windowStart);
}
