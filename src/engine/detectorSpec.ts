import { z } from 'zod';
import { defaultParamsSchema } from './default/defaultParams';
import { driftParamsSchemas } from './drift/driftParams';
import { parseDuration } from './duration';
import { STREAM_KINDS, isStreamKind } from './models/streamKindNames';
import {
  artimeParamsSchema,
  contextualParamsSchema,
  ensembleParamsSchema,
  knnCadParamsSchema,
} from './models/streamParams';
import { MULTIVARIATE_KINDS, isMultivariateKind, multivariateParamsSchemas } from './multivariate/multivariateParams';
import { pipelineParamsSchemas } from './pipeline/pipelineParams';

/**
 * The detector spec: the one contract shared by the app's settings, the CLI's config.yaml and the
 * worker's messages. Versioned; a spec designed in the UI runs unchanged in the CLI.
 */
export const DETECTOR_SPEC_VERSION = 1;

const duration = z.string().refine((text) => parseDuration(text) !== undefined, {
  message: 'must be a duration such as "30s", "5m", "1h" or "7d"',
});

export const FEATURE_NAMES = ['value', 'diff', 'rolling_z', 'seasonal_residual', 'time_of_day', 'day_of_week'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Kinds that train a neural network (seconds per series): hosts train them in steps, with progress. */
export const NEURAL_MODEL_KINDS = ['autoencoder', 'vae', 'lstm_autoencoder'] as const;
/** Whether a detector of this spec trains a neural network (hosts then start TF.js's WebAssembly backend first). */
export function trainsNetwork(spec: { model: { kind: string } }): boolean {
  return (NEURAL_MODEL_KINDS as readonly string[]).includes(spec.model.kind);
}

export const MODEL_KINDS = [
  'default',
  'isolation_forest',
  'seasonal_baseline',
  'half_space_trees',
  ...NEURAL_MODEL_KINDS,
  ...STREAM_KINDS,
  'ensemble',
] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** `model.params` of each kind, as its detector reads them (each kept apart from the model's code, which it would pull in). */
const MODEL_PARAMS_SCHEMAS: Record<ModelKind, z.ZodType> = {
  default: defaultParamsSchema,
  ...pipelineParamsSchemas,
  knn_cad: knnCadParamsSchema,
  contextual: contextualParamsSchema,
  artime: artimeParamsSchema,
  ensemble: ensembleParamsSchema,
};

export const SEASONALITIES = ['auto', 'none', 'daily', 'weekly'] as const;
export type Seasonality = (typeof SEASONALITIES)[number];

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;

export const modelSchema = z
  .object({
    kind: z.enum(MODEL_KINDS).default('default'),
    /** Model-specific parameters (e.g. trees, sampleSize, seed for the isolation forest). */
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  })
  .strict();

export const driftSchema = z
  .object({
    enabled: z.boolean().default(true),
    method: z.enum(['adwin', 'page_hinkley']).default('adwin'),
    stream: z.enum(['value', 'residual', 'score']).default('residual'),
    params: z.record(z.string(), z.number()).default({}),
  })
  .strict();

export const alertSpecSchema = z
  .object({
    severity: z.enum(ALERT_SEVERITIES).default('warning'),
    labels: z
      .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*'), z.string())
      .default({}),
    /** Flapping suppression: at most maxChanges state changes per series within windowMinutes. */
    flapping: z
      .object({
        maxChanges: z.number().int().min(1).default(3),
        windowMinutes: z.number().positive().default(10),
      })
      .strict()
      .default({ maxChanges: 3, windowMinutes: 10 }),
  })
  .strict();

export const FORECAST_METHODS = ['seasonal', 'mstl', 'ets'] as const;
/** Longest forecast, in steps: a week of minutes. */
export const MAX_FORECAST_STEPS = 10_080;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

/** The expected values ahead of the last point, with a prediction interval at `level`. */
export const forecastSchema = z
  .object({
    method: z.enum(FORECAST_METHODS).default('seasonal'),
    horizon: duration.default('1h'),
    /** Probability the interval should cover (0.5..0.999). */
    level: z.number().min(0.5).max(0.999).default(0.95),
  })
  .strict();

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*');

/**
 * Several metrics of one target scored together: the spec's `query` (named `primary`) and `queries`, their
 * series joined by the `on` labels onto one grid.
 */
export const multivariateSchema = z
  .object({
    on: z.array(labelName).min(1, 'name at least one label to join on, e.g. [instance]'),
    queries: z
      .record(labelName, z.string().min(1, 'query (PromQL) is required'))
      .refine((queries) => Object.keys(queries).length >= 1, { message: 'name at least one more query' }),
    primary: labelName.default('primary'),
  })
  .strict()
  .refine((block) => !(block.primary in block.queries), { message: 'primary names the spec query; pick another name' });

export const detectorSpecSchema = z
  .object({
    version: z.literal(DETECTOR_SPEC_VERSION).default(DETECTOR_SPEC_VERSION),
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'id must be lowercase letters, digits, "-" or "_" (max 63)'),
    name: z.string().min(1),
    query: z.string().min(1, 'query (PromQL) is required'),
    datasourceUid: z.string().default('prometheus'),
    step: duration.default('1m'),
    trainingWindow: duration.default('7d'),
    scoringWindow: duration.default('1h'),
    model: modelSchema.default({ kind: 'default', params: {} }),
    features: z.array(z.enum(FEATURE_NAMES)).min(1).default(['value', 'diff', 'rolling_z', 'seasonal_residual']),
    /** 0..1: higher flags more points (lower anomaly threshold). */
    sensitivity: z.number().min(0).max(1).default(0.5),
    seasonality: z.enum(SEASONALITIES).default('auto'),
    /** Treat the series as a counter and score its per-second rate. */
    counter: z.boolean().default(false),
    drift: driftSchema.default({ enabled: true, method: 'adwin', stream: 'residual', params: {} }),
    alert: alertSpecSchema.default({ severity: 'warning', labels: {}, flapping: { maxChanges: 3, windowMinutes: 10 } }),
    enabled: z.boolean().default(true),
    forecast: forecastSchema.optional(),
    multivariate: multivariateSchema.optional(),
  })
  .strict()
  .superRefine((spec, context) => {
    if (spec.forecast) {
      const steps = Math.ceil(parseDuration(spec.forecast.horizon)! / parseDuration(spec.step)!);
      if (steps > MAX_FORECAST_STEPS) {
        context.addIssue({
          code: 'custom',
          path: ['forecast', 'horizon'],
          message: `${spec.forecast.horizon} is ${steps} steps of ${spec.step}; at most ${MAX_FORECAST_STEPS}`,
        });
      }
    }
    checkModelParams(spec, context);
    checkDriftParams(spec, context);
  });

/** Each issue of a nested parse (of `model.params`, `drift.params`) as an issue of the spec, at its key there. */
function addIssues(result: { error?: { issues: z.core.$ZodIssue[] } }, path: string[], context: z.RefinementCtx): void {
  for (const issue of result.error?.issues ?? []) {
    context.addIssue({ ...issue, path: [...path, ...issue.path] });
  }
}

/** `model.params` fit the model kind as its detector reads them; a multivariate block runs kinds of its own. */
function checkModelParams(
  spec: { model: z.output<typeof modelSchema>; multivariate?: unknown },
  context: z.RefinementCtx
): void {
  const kind = spec.model.kind;
  if (!spec.multivariate) {
    addIssues(MODEL_PARAMS_SCHEMAS[kind].safeParse(spec.model.params), ['model', 'params'], context);
    return;
  }
  if (!isMultivariateKind(kind)) {
    context.addIssue({
      code: 'custom',
      path: ['model', 'kind'],
      message: `a multivariate detector runs one of ${MULTIVARIATE_KINDS.join(', ')}; not ${kind}`,
    });
    return;
  }
  addIssues(multivariateParamsSchemas[kind].safeParse(spec.model.params), ['model', 'params'], context);
}

/** `drift.params` are set only where a drift test runs (never silently unused), and fit its method. */
function checkDriftParams(
  spec: { model: { kind: ModelKind }; drift: z.output<typeof driftSchema>; multivariate?: unknown },
  context: z.RefinementCtx
): void {
  const kind = spec.model.kind;
  const driftless = spec.multivariate
    ? 'a multivariate detector'
    : isStreamKind(kind)
      ? `model kind ${kind} (its memory slides instead)`
      : null;
  if (driftless && Object.keys(spec.drift.params).length > 0) {
    context.addIssue({
      code: 'custom',
      path: ['drift', 'params'],
      message: `${driftless} runs no drift test: remove drift.params`,
    });
    return;
  }
  addIssues(driftParamsSchemas[spec.drift.method].safeParse(spec.drift.params), ['drift', 'params'], context);
}

/** A spec as written by a user: everything but id, name and query may be left out. */
export type DetectorSpecInput = z.input<typeof detectorSpecSchema>;
/** A validated spec with every default filled in. */
export type DetectorSpec = z.output<typeof detectorSpecSchema>;

export class DetectorSpecError extends Error {
  constructor(
    message: string,
    readonly issues: Array<{ path: string; message: string }>
  ) {
    super(message);
    this.name = 'DetectorSpecError';
  }
}

/**
 * Specs this function returned. They are frozen, so one passed in again is still valid and is returned as it is: a
 * worker or a backtest builds a detector per series from one spec, and validating it each time cost about 3% of
 * scoring a day of 1-minute data.
 */
const validSpecs = new WeakSet<object>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

/** The unit written after a detector's values in words: `/s` for a counter's per-second rate, else none. */
export function valueUnit(spec: Pick<DetectorSpec, 'counter'>): string {
  return spec.counter ? '/s' : '';
}

/**
 * A spec's issues as DetectorSpecError carries them, each at its key (`prefix` first): an unknown key is one issue at
 * that key, so that it can be found in the file it was written in.
 */
export function specIssues(
  issues: z.core.$ZodIssue[],
  prefix: string[] = []
): Array<{ path: string; message: string }> {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown key' }))
      : [{ path: path.join('.') || '(root)', message: issue.message }];
  });
}

/** Validates a spec; errors name each offending key (e.g. `model.kind`), prefixed by `where`. The result is frozen. */
export function parseDetectorSpec(input: unknown, where = 'detector'): DetectorSpec {
  if (typeof input === 'object' && input !== null && validSpecs.has(input)) {
    return input as DetectorSpec;
  }
  const result = detectorSpecSchema.safeParse(input);
  if (result.success) {
    validSpecs.add(deepFreeze(result.data));
    return result.data;
  }
  const issues = specIssues(result.error.issues);
  const lines = issues.map((issue) => `${where}: ${issue.path}: ${issue.message}`);
  throw new DetectorSpecError(lines.join('\n'), issues);
}
