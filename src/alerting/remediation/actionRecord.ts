import { z } from 'zod';

/**
 * `started`: the action is under way (kept in the state file, so a crash leaves a trace); it becomes its outcome,
 * or `interrupted` when the receiver stopped before the action finished (whether it took effect is unknown).
 */
export type ActionOutcome =
  'succeeded' | 'failed' | 'started' | 'interrupted' | 'dry_run' | 'refused_cooldown' | 'refused_budget' | 'lock_wait';

/** One line of the Git record and of `GET /api/v1/actions`: an action or a guard rail's refusal. */
export interface ActionRecord {
  /** RFC 3339 time the decision was taken. */
  time: string;
  fingerprint: string;
  activity: string;
  target: string;
  outcome: ActionOutcome;
  durationMs: number;
  /** The alert's labels, so the record says which anomaly it answered. */
  labels: Record<string, string>;
  detail: string;
}

export const actionRecordSchema = z.object({
  time: z.string(),
  fingerprint: z.string(),
  activity: z.string(),
  target: z.string(),
  outcome: z.enum([
    'succeeded',
    'failed',
    'started',
    'interrupted',
    'dry_run',
    'refused_cooldown',
    'refused_budget',
    'lock_wait',
  ]),
  durationMs: z.number(),
  labels: z.record(z.string(), z.string()),
  detail: z.string(),
});

/** The answer of `vigil remediate`'s `GET /api/v1/actions`: newest first. */
export const actionsResponseSchema = z.object({ actions: z.array(actionRecordSchema) });

export type ActionsResponse = z.infer<typeof actionsResponseSchema>;

/**
 * The record as one YAML sequence item. Every string is written as a JSON string, which is a valid YAML
 * double-quoted scalar: label values (untrusted) cannot break out of their field, whatever they contain.
 */
export function formatActionRecordYaml(record: ActionRecord): string {
  const quote = (text: string) => JSON.stringify(text);
  const labels = Object.keys(record.labels)
    .sort()
    .map((name) => `    ${quote(name)}: ${quote(record.labels[name])}`);
  return [
    `- time: ${quote(record.time)}`,
    `  fingerprint: ${quote(record.fingerprint)}`,
    `  activity: ${quote(record.activity)}`,
    `  target: ${quote(record.target)}`,
    `  outcome: ${record.outcome}`,
    `  duration_ms: ${Math.round(record.durationMs)}`,
    labels.length > 0 ? '  labels:' : '  labels: {}',
    ...labels,
    `  detail: ${quote(record.detail)}`,
    '',
  ].join('\n');
}

/** The commit's one-line message. */
export function actionCommitMessage(record: ActionRecord): string {
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').slice(0, 120);
  return oneLine(`remediation: ${record.activity} ${record.outcome} on ${record.target} (alert ${record.fingerprint})`);
}
