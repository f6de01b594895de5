import { z } from 'zod';
import { type LabelMatcher, parseMatchers } from '../../alerting';
import { type Activity, type ActivityAction, templateLabels } from '../../alerting/remediation';
import { parseDuration } from '../../engine/duration';

const duration = z.string().refine((text) => parseDuration(text) !== undefined, {
  message: 'must be a duration such as "30s", "5m" or "1h"',
});

const template = z
  .string()
  .min(1)
  .refine(
    (text) => {
      try {
        templateLabels(text);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'malformed placeholder: use {{ label_name }}' }
  );

const workloadKind = z.enum(['Deployment', 'StatefulSet', 'DaemonSet']);

const workload = {
  namespace: template,
  name: template,
};

const actionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('command'),
      /** Program and arguments; each element may hold {{ label }} placeholders and stays one argument. */
      argv: z.array(template).min(1),
      timeout: duration.default('30s'),
    })
    .strict(),
  z.object({ type: z.literal('rollout_restart'), kind: workloadKind, ...workload }).strict(),
  z
    .object({
      type: z.literal('scale'),
      kind: z.enum(['Deployment', 'StatefulSet']),
      ...workload,
      replicas: z.number().int().min(0),
      min: z.number().int().min(0),
      max: z.number().int().min(0),
    })
    .strict()
    .refine((action) => action.min <= action.max, { message: 'min must not exceed max', path: ['min'] })
    .refine((action) => action.replicas >= action.min && action.replicas <= action.max, {
      message: 'replicas must lie within min..max',
      path: ['replicas'],
    }),
  z
    .object({
      type: z.literal('webhook'),
      url: z.string().refine((text) => /^https?:\/\//.test(text), { message: 'must be an http(s) URL' }),
      timeout: duration.default('10s'),
    })
    .strict(),
]);

/** One entry of the config's `activities:` list, as written. */
export const activityInputSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_.-]+$/, 'letters, digits, _ . - only'),
    /** Alertmanager matchers over the alert's labels: `{vigil_detector="api-latency", severity="critical"}`. */
    match: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    action: actionSchema,
    /** No second action on the same target for this long after one. */
    cooldown: duration.default('10m'),
    max_actions_per_hour: z.number().int().positive().default(6),
  })
  .strict();

export class ActivityError extends Error {
  constructor(
    /** Path inside the activities list, e.g. [2, 'action', 'timeout']. */
    readonly path: Array<string | number>,
    message: string
  ) {
    super(message);
    this.name = 'ActivityError';
  }
}

/** Parses the config's activities; an error carries the path of the offending key. */
export function parseActivities(input: unknown): Activity[] {
  const list = z.array(activityInputSchema).safeParse(input);
  if (!list.success) {
    const issue = list.error.issues[0];
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
    throw new ActivityError(path, message);
  }
  const seen = new Set<string>();
  return list.data.map((entry, index) => {
    if (seen.has(entry.name)) {
      throw new ActivityError([index, 'name'], `duplicate activity name '${entry.name}'`);
    }
    seen.add(entry.name);
    let matchers: LabelMatcher[];
    try {
      matchers = (typeof entry.match === 'string' ? [entry.match] : entry.match).flatMap((text) => parseMatchers(text));
    } catch (error) {
      throw new ActivityError([index, 'match'], (error as Error).message);
    }
    return {
      name: entry.name,
      matchers,
      action: toAction(entry.action),
      cooldownMs: parseDuration(entry.cooldown)!,
      maxActionsPerHour: entry.max_actions_per_hour,
    };
  });
}

function toAction(input: z.output<typeof actionSchema>): ActivityAction {
  switch (input.type) {
    case 'command':
      return { type: 'command', argv: input.argv, timeoutMs: parseDuration(input.timeout)! };
    case 'webhook':
      return { type: 'webhook', url: input.url, timeoutMs: parseDuration(input.timeout)! };
    default:
      return input;
  }
}
