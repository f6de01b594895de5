import { z } from 'zod';
import type { DetectionOutcome } from './alert';

export const ALERT_STATE_VERSION = 1;

export type AlertStatus = 'inactive' | 'pending' | 'firing';

/** The last outcome of a series, kept while its alert is live so it can be re-sent without new data. */
export type LastOutcome = Omit<DetectionOutcome, 'labels' | 'anomalous'>;

/** Lifecycle of one alert identity (detector + series labels). */
export interface AlertEntry {
  detector: string;
  seriesLabels: Record<string, string>;
  status: AlertStatus;
  /** What the signal asks for (after forPoints/resolveAfterPoints); status differs while flapping holds it. */
  desiredActive: boolean;
  /** Consecutive anomalous (> 0) or normal (< 0) points. */
  streak: number;
  /** Timestamp of the first point of the current streak. */
  streakStartMs: number;
  /** startsAt of the current or last firing episode. */
  startsAtMs?: number;
  /** When the last episode was over: its first normal point after the last anomalous one (or when it went missing). */
  endsAtMs?: number;
  /** The highest-scoring anomalous point of the current or last episode. */
  peak?: LastOutcome;
  lastPointMs: number;
  /** Wall-clock time of the last run that had a point for this series. */
  lastSeenMs: number;
  /** Data times of recent changes of the desired state, within the flapping window. */
  changes: number[];
  flapping: boolean;
  /** The last alert handed out for delivery: its status and labels (to resolve an old label set). */
  emitted?: { status: 'firing' | 'resolved'; labels: Record<string, string> };
  last?: LastOutcome;
}

/** All alert lifecycles of a CLI's state directory; small, plain JSON. */
export interface AlertState {
  version: typeof ALERT_STATE_VERSION;
  entries: Record<string, AlertEntry>;
  /**
   * Per detector: the newest point already evaluated. A series without an entry is evaluated after it, unless the
   * run knows the series' own last evaluated point (AlertRun.lastEvaluated).
   */
  watermarks: Record<string, number>;
  /** Per detector: the time of the run that last evaluated it, for the caller to tell its own state of that run. */
  evaluatedAt: Record<string, number>;
}

export class AlertStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertStateError';
  }
}

export function emptyAlertState(): AlertState {
  return { version: ALERT_STATE_VERSION, entries: {}, watermarks: {}, evaluatedAt: {} };
}

const labelsSchema = z.record(z.string(), z.string());
/** JSON writes NaN and infinities as null; they come back as NaN. */
const jsonNumber = z
  .number()
  .nullable()
  .transform((value) => value ?? Number.NaN);

const lastOutcomeSchema = z.object({
  timestamp: z.number(),
  score: jsonNumber,
  value: jsonNumber,
  expected: jsonNumber,
  lower: jsonNumber,
  upper: jsonNumber,
  explanation: z.string().nullable(),
  fittedAtMs: z.number().optional(),
});

const entrySchema = z.object({
  detector: z.string(),
  seriesLabels: labelsSchema,
  status: z.enum(['inactive', 'pending', 'firing']),
  desiredActive: z.boolean(),
  streak: z.number().int(),
  streakStartMs: z.number(),
  startsAtMs: z.number().optional(),
  endsAtMs: z.number().optional(),
  peak: lastOutcomeSchema.optional(),
  lastPointMs: z.number(),
  lastSeenMs: z.number(),
  changes: z.array(z.number()),
  flapping: z.boolean(),
  emitted: z.object({ status: z.enum(['firing', 'resolved']), labels: labelsSchema }).optional(),
  last: lastOutcomeSchema.optional(),
});

const stateSchema = z.object({
  version: z.literal(ALERT_STATE_VERSION),
  entries: z.record(z.string(), entrySchema),
  watermarks: z.record(z.string(), z.number()),
  /** Absent in states written before it. */
  evaluatedAt: z.record(z.string(), z.number()).default({}),
});

/** Validates persisted alert state; throws AlertStateError naming the problem (the caller starts afresh). */
export function parseAlertState(json: unknown): AlertState {
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== ALERT_STATE_VERSION) {
    throw new AlertStateError(
      `alert state has version ${JSON.stringify(json.version)}, expected ${ALERT_STATE_VERSION}`
    );
  }
  const result = stateSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AlertStateError(
      `alert state is corrupt at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`
    );
  }
  return result.data;
}
