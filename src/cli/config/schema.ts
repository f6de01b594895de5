import { z } from 'zod';
import { parseDuration } from '../../engine/duration';

const duration = z.string().refine((text) => parseDuration(text) !== undefined, {
  message: 'must be a duration such as "30s", "5m", "1h" or "7d"',
});

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

const url = z.string().refine(isHttpUrl, { message: 'must be an http(s) URL' });

function hasQueryOrFragment(text: string): boolean {
  const parsed = new URL(text);
  return parsed.search !== '' || parsed.hash !== '' || text.includes('?') || text.includes('#');
}

/**
 * A server vigil calls: its API paths are appended to the URL, so a query string or fragment (a token in it, say)
 * has no place there.
 */
const serverUrl = url.refine((text) => !isHttpUrl(text) || !hasQueryOrFragment(text), {
  message:
    'must not carry a query string or fragment (vigil appends API paths to it; put tokens in auth or the environment)',
});

/** The app's address, written into every alert's links: credentials in it would go out with each alert. */
const linkUrl = url.refine((text) => !isHttpUrl(text) || !/^[a-z]+:\/\/[^/]*@/i.test(text), {
  message: "must not carry credentials (user:password@): it is written into every alert's links",
});

const authSchema = z
  .object({
    bearer_token: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().optional(),
  })
  .strict()
  .refine((auth) => !(auth.bearer_token && auth.username), {
    message: 'use either bearer_token or username/password, not both',
  })
  .refine((auth) => auth.username === undefined || auth.password !== undefined, {
    message: 'password is required with username',
    path: ['password'],
  });

const grafanaSchema = z
  .object({
    url: serverUrl,
    /** A Grafana service account token; queries go through the datasource proxy. */
    token: z.string().min(1),
    datasource_uid: z.string().min(1).default('prometheus'),
  })
  .strict();

/** A Git identity, `Name <email>`: git refuses to commit without an email (and may not find one of its own). */
export const GIT_AUTHOR = /^\s*([^<>\s][^<>]*?)\s*<([^<>\s]+)>\s*$/;

const remediationSchema = z
  .object({
    /** Port of `vigil remediate` (webhook receiver, /metrics, /healthz, /api/v1/actions). */
    listen_port: z.number().int().min(0).max(65535).default(9465),
    /** Shared with Alertmanager's webhook_configs http_config.authorization; better set by VIGIL_REMEDIATE_TOKEN. */
    bearer_token: z.string().min(16, 'must be at least 16 characters').optional(),
    max_body_bytes: z.number().int().positive().default(1_048_576),
    /** Where locks live: a Lease per (activity, target) in Kubernetes, or the state directory. Default: lease in a pod. */
    lock: z.enum(['lease', 'file']).optional(),
    /** A lock older than this no longer keeps other alerts waiting (its alert's resolve was missed). */
    lock_max_age: duration.default('24h'),
    kubernetes: z
      .object({
        /** API server; default: the in-cluster address from KUBERNETES_SERVICE_HOST/PORT. */
        api_url: serverUrl.optional(),
        /** Namespace of the Leases; default: the pod's own namespace. */
        lease_namespace: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    git: z
      .object({
        /** A Git working tree (cloned or `git init`ed) the records are committed to. */
        repository: z.string().min(1),
        file: z.string().min(1).default('remediations.yaml'),
        remote: z.string().min(1).optional(),
        branch: z.string().min(1).default('main'),
        author: z
          .string()
          .regex(GIT_AUTHOR, 'must be "Name <email>", e.g. "vigil remediate <vigil@example.com>"')
          .default('vigil remediate <vigil@localhost>'),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * config.yaml: the keys users of the original Python tool know, plus Vigil's own. Every field is
 * optional here so that profiles and environment variables can fill them; `loadConfig` checks the
 * merged result against this same schema.
 */
export const configSchema = z
  .object({
    prometheus_url: serverUrl.optional(),
    /** PromQL queries; each becomes a detector with the defaults below. */
    metrics: z.array(z.string().min(1, 'a query must not be empty')).default([]),
    /** Expected fraction of anomalous points (0 < c <= 0.5), mapped to the detector's sensitivity. */
    contamination: z.number().gt(0).max(0.5).optional(),
    /** History each metric detector trains on. */
    window_minutes: z.number().int().positive().optional(),
    step: z.union([duration, z.number().int().positive()]).optional(),
    /** The state directory (fitted models, alert states, outbox). */
    model_path: z.string().min(1).default('./vigil-state'),
    slack_webhook_url: url.optional(),
    alertmanager_url: serverUrl.optional(),
    pushgateway_url: serverUrl.optional(),
    output_csv: z.string().min(1).optional(),
    drift_detection: z.boolean().default(true),
    run_interval_seconds: z.number().int().positive().default(300),
    /** Points a series needs in its training window before it is scored. */
    min_points: z.number().int().min(2).default(60),
    scoring_window: duration.optional(),
    /** Scheduled full refit of every series, spread over runs; absent: series are never refitted on a schedule. */
    refit_every: duration.optional(),
    /** The older name of refit_every (until 0.x it refitted every series in the same run, by default daily). */
    retrain_interval: duration.optional(),
    /** Model state of a series not seen for this long is dropped; the series is fitted afresh if it returns. */
    state_ttl: duration.default('1d'),
    /** Samples one query_range answer may hold; longer ranges are split into chunks of at most this many. */
    max_samples_per_query: z.number().int().min(1000).default(1_000_000),
    /** Refit a series after this many anomalous points since its last fit (serve mode and detect mode alike). */
    retrain_after_anomalies: z.number().int().positive().default(50),
    /** Link in alerts back to the app, e.g. https://grafana.example.com. */
    grafana_url: linkUrl.optional(),
    grafana: grafanaSchema.optional(),
    auth: authSchema.optional(),
    /** Local mutes: `{matchers: '{instance="db-1"}', until: 2026-12-31T18:00:00Z, comment: ...}`. */
    mutes: z.array(z.unknown()).default([]),
    query_timeout_seconds: z.number().positive().default(30),
    listen_port: z.number().int().min(0).max(65535).default(9464),
    detectors: z.array(z.unknown()).default([]),
    /** Activities `vigil remediate` runs on matching alerts (see docs/remediation.md). */
    activities: z.array(z.unknown()).default([]),
    remediation: remediationSchema.default({
      listen_port: 9465,
      max_body_bytes: 1_048_576,
      lock_max_age: '24h',
      kubernetes: {},
    }),
    profiles: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.refit_every !== undefined && config.retrain_interval !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['retrain_interval'],
        message: 'is the older name of refit_every: set only refit_every',
      });
    }
    const ttl = parseDuration(config.state_ttl);
    if (ttl !== undefined && ttl < 2 * config.run_interval_seconds * 1000) {
      context.addIssue({
        code: 'custom',
        path: ['state_ttl'],
        message: `must be at least two run intervals (${2 * config.run_interval_seconds}s), or every series would be refitted each run`,
      });
    }
  });

export type ConfigFile = z.output<typeof configSchema>;
