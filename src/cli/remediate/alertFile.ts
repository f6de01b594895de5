import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { alertmanagerFingerprint } from '../../alerting';
import { parseWebhookPayload, type WebhookAlert } from '../../alerting/remediation';
import { UserError } from '../command';

const singleAlertSchema = z
  .object({
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()).default({}),
    status: z.enum(['firing', 'resolved']).default('firing'),
    startsAt: z.string().optional(),
    endsAt: z.string().default(''),
    generatorURL: z.string().default(''),
    fingerprint: z.string().optional(),
  })
  .loose();

/**
 * A time as Alertmanager's webhook writes it (Go's RFC 3339 with nanoseconds: no trailing zeros in the fraction)
 * from the form its API and amtool show (always milliseconds: "…:00.000Z" is "…:00Z" in the webhook). The receiver
 * keys an episode's recorded refusals by its startsAt as text (guardRails.ts episodeKey).
 */
function webhookTime(text: string): string {
  const match = /^(.*T\d\d:\d\d:\d\d)\.(\d+)(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) {
    return text;
  }
  const fraction = match[2].replace(/0+$/, '');
  return `${match[1]}${fraction ? `.${fraction}` : ''}${match[3]}`;
}

/**
 * The alerts of `vigil remediate test --alert FILE`: a whole webhook payload, or one alert (labels at least;
 * the fingerprint defaults to the one Alertmanager gives those labels, startsAt to now; startsAt is taken in the
 * webhook's form).
 */
export function readAlertFile(file: string, nowMs: number): WebhookAlert[] {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : (error as Error).message.split('\n')[0];
    throw new UserError(`remediate test: cannot read ${file}: ${reason}`);
  }
  if (typeof input === 'object' && input !== null && 'alerts' in input) {
    const { payload, error } = parseWebhookPayload(input);
    if (!payload) {
      throw new UserError(`${file}: not an Alertmanager webhook v4 payload: ${error}`);
    }
    return payload.alerts;
  }
  const single = singleAlertSchema.safeParse(input);
  if (!single.success) {
    const issue = single.error.issues[0];
    throw new UserError(
      `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message} (expected an alert with labels, or a webhook payload)`
    );
  }
  const alert = single.data;
  return [
    {
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: webhookTime(alert.startsAt ?? new Date(nowMs).toISOString()),
      endsAt: alert.endsAt,
      generatorURL: alert.generatorURL,
      fingerprint: alert.fingerprint ?? alertmanagerFingerprint(alert.labels),
    },
  ];
}
