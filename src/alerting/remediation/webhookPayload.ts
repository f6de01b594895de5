import { z } from 'zod';

const labelSet = z.record(z.string(), z.string());

/** One alert of an Alertmanager webhook notification (payload version 4). */
export const webhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: z.string().min(1),
  endsAt: z.string().default(''),
  generatorURL: z.string().default(''),
  fingerprint: z.string().min(1),
});

/** The body Alertmanager POSTs to a `webhook_configs` receiver. */
export const webhookPayloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(webhookAlertSchema),
});

export type WebhookAlert = z.output<typeof webhookAlertSchema>;
export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

/** The first problem of an invalid payload as one line (`alerts[0].fingerprint: ...`). */
export function parseWebhookPayload(input: unknown): { payload?: WebhookPayload; error?: string } {
  const result = webhookPayloadSchema.safeParse(input);
  if (result.success) {
    return { payload: result.data };
  }
  const issue = result.error.issues[0];
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return { error: `${path.replace(/^\./, '') || '(root)'}: ${issue.message}` };
}
