import { z } from 'zod';

const labels = z.record(z.string(), z.string());

export const matcherSchema = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});

export const gettableAlertSchema = z.object({
  labels,
  annotations: labels.default({}),
  startsAt: z.string(),
  endsAt: z.string(),
  updatedAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string(),
  receivers: z.array(z.object({ name: z.string() })).default([]),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()).nullable().default([]),
    inhibitedBy: z.array(z.string()).nullable().default([]),
    mutedBy: z.array(z.string()).nullable().optional(),
  }),
});

export const gettableAlertsSchema = z.array(gettableAlertSchema);

export const gettableSilenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
  updatedAt: z.string().optional(),
  matchers: z.array(matcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});

export const gettableSilencesSchema = z.array(gettableSilenceSchema);

export const postSilenceResponseSchema = z.object({ silenceID: z.string() });

export const statusSchema = z
  .object({
    cluster: z.object({ status: z.string() }).loose().optional(),
    versionInfo: z.object({ version: z.string() }).loose().optional(),
    uptime: z.string().optional(),
  })
  .loose();
