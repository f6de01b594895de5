import { z } from 'zod';
import { type Alert } from './alert';
import { canonicalLabels } from './identity';

/**
 * Alerts waiting for delivery. Alertmanager deduplicates by label set, so delivering an entry twice is
 * harmless, while losing one is not: failed deliveries stay here and go out first on the next run.
 * Per label set the outbox holds at most one firing and one resolved alert; the newer of each kind wins,
 * and a resolve is never dropped except by a newer resolve. A firing alert that never got through is not
 * superseded by the resolve that followed it: Alertmanager notifies only alerts it has seen firing, so the
 * firing alert goes out first and the resolve waits for the next delivery.
 */
export interface OutboxEntry {
  alert: Alert;
  /** Wall-clock time the alert was produced; newer wins. */
  queuedAtMs: number;
  attempts: number;
  lastError?: string;
}

export interface Outbox {
  entries: OutboxEntry[];
}

export function emptyOutbox(): Outbox {
  return { entries: [] };
}

export function isResolved(alert: Alert, nowMs: number): boolean {
  return Date.parse(alert.endsAt) <= nowMs;
}

function kindOf(entry: OutboxEntry): 'firing' | 'resolved' {
  return Date.parse(entry.alert.endsAt) <= entry.queuedAtMs ? 'resolved' : 'firing';
}

function keyOf(entry: OutboxEntry): string {
  return `${canonicalLabels(entry.alert.labels)}|${kindOf(entry)}`;
}

/** Adds freshly produced alerts; per label set and kind the newest wins. */
export function enqueue(outbox: Outbox, alerts: Alert[], queuedAtMs: number): Outbox {
  const byKey = new Map<string, OutboxEntry>();
  const incoming = alerts.map((alert) => ({ alert, queuedAtMs, attempts: 0 }));
  for (const entry of [...outbox.entries, ...incoming]) {
    const key = keyOf(entry);
    const existing = byKey.get(key);
    if (!existing || entry.queuedAtMs >= existing.queuedAtMs) {
      byKey.set(key, existing ? inheritAttempts(entry, existing) : entry);
    }
  }
  return { entries: [...byKey.values()] };
}

/** Two outboxes as one (the outbox of another shard layout adopted into this one's). */
export function mergeOutboxes(a: Outbox, b: Outbox): Outbox {
  return enqueue({ entries: [...a.entries, ...b.entries] }, [], 0);
}

/**
 * What to deliver now, in order: oldest first, a resolve before a newer firing alert of the same label set.
 * A resolve queued behind an older, undelivered firing alert of its label set is held back for the next
 * delivery, so that Alertmanager sees the alert firing (and notifies it) before it sees it resolved.
 */
export function deliveryOrder(outbox: Outbox): Alert[] {
  const firingSince = new Map<string, number>();
  for (const entry of outbox.entries) {
    if (kindOf(entry) === 'firing') {
      firingSince.set(canonicalLabels(entry.alert.labels), entry.queuedAtMs);
    }
  }
  return outbox.entries
    .filter((entry) => {
      const firing = firingSince.get(canonicalLabels(entry.alert.labels));
      return kindOf(entry) === 'firing' || firing === undefined || firing > entry.queuedAtMs;
    })
    .sort(
      (a, b) => a.queuedAtMs - b.queuedAtMs || (kindOf(a) === 'resolved' ? -1 : 0) - (kindOf(b) === 'resolved' ? -1 : 0)
    )
    .map((entry) => entry.alert);
}

/** Removes delivered alerts (matched by object identity or by equal content). */
export function markDelivered(outbox: Outbox, delivered: Alert[]): Outbox {
  const keys = new Set(delivered.map(alertKey));
  return { entries: outbox.entries.filter((entry) => !keys.has(alertKey(entry.alert))) };
}

/** Records a failed attempt for the alerts still queued. */
export function markFailed(outbox: Outbox, error: string): Outbox {
  return { entries: outbox.entries.map((entry) => ({ ...entry, attempts: entry.attempts + 1, lastError: error })) };
}

/**
 * A firing alert still in the outbox never got through, and goes out as firing however long Alertmanager was
 * away: Alertmanager takes one whose endsAt has passed as resolved, and never notifies an alert it has not seen
 * firing. So one whose endsAt has passed is renewed to end `firingForMs` after now, as the lifecycle sends a firing
 * alert; a resolve that followed it waits for the next delivery (deliveryOrder). Returns the renewed alerts too.
 */
export function renewExpired(outbox: Outbox, nowMs: number, firingForMs: number): { outbox: Outbox; renewed: Alert[] } {
  const renewed: Alert[] = [];
  const entries = outbox.entries.map((entry) => {
    if (kindOf(entry) === 'resolved' || Date.parse(entry.alert.endsAt) > nowMs) {
      return entry;
    }
    const alert = { ...entry.alert, endsAt: new Date(nowMs + firingForMs).toISOString() };
    renewed.push(alert);
    return { ...entry, alert };
  });
  return { outbox: { entries }, renewed };
}

function alertKey(alert: Alert): string {
  return `${canonicalLabels(alert.labels)}|${alert.startsAt}|${alert.endsAt}`;
}

function inheritAttempts(entry: OutboxEntry, existing: OutboxEntry): OutboxEntry {
  const merged: OutboxEntry = {
    alert: entry.alert,
    queuedAtMs: entry.queuedAtMs,
    attempts: Math.max(entry.attempts, existing.attempts),
  };
  const lastError = entry.lastError ?? existing.lastError;
  if (lastError !== undefined) {
    merged.lastError = lastError;
  }
  return merged;
}

const alertSchema = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string(),
});

const outboxSchema = z.object({
  entries: z.array(
    z.object({
      alert: alertSchema,
      queuedAtMs: z.number(),
      attempts: z.number().int().min(0),
      lastError: z.string().optional(),
    })
  ),
});

export class OutboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxError';
  }
}

/** Validates a persisted outbox; throws OutboxError naming the problem. */
export function parseOutbox(json: unknown): Outbox {
  const result = outboxSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new OutboxError(`outbox is corrupt at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}
