import { z } from 'zod';
import { detectorSpecSchema } from '../engine/detectorSpec';

/** Messages crossing the worker edge, validated on arrival: the worker trusts nothing it is sent. */

const float64Array = z.instanceof(Float64Array, { message: 'must be a Float64Array' });

export const seriesMessageSchema = z
  .object({
    labels: z.record(z.string(), z.string()),
    timestamps: float64Array,
    values: float64Array,
  })
  .refine((series) => series.timestamps.length === series.values.length, {
    message: 'timestamps and values must have the same length',
  });

export const scoreItemSchema = z.object({
  series: seriesMessageSchema,
  /** History to fit on before scoring `series`; without it every point is scored causally. */
  history: seriesMessageSchema.optional(),
});

export const scoreRequestSchema = z.object({
  spec: detectorSpecSchema,
  items: z.array(scoreItemSchema),
});

export const scoreCausallyRequestSchema = z.object({
  spec: detectorSpecSchema,
  timestamps: float64Array,
  values: float64Array,
});

export const previewRequestSchema = z.object({
  spec: detectorSpecSchema,
  series: z.array(seriesMessageSchema),
  /** Labelled anomaly windows per series key ([startMs, endMs]), for time to detect. */
  labels: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))).optional(),
});

/** Where the plugin serves augurs' WebAssembly, for forecasts by MSTL or ETS (see wasmUrls.ts). */
export const augursWasmUrlsSchema = z.object({ mstl: z.string().min(1), ets: z.string().min(1) });

/**
 * Where the plugin serves TF.js (see wasmUrls.ts): the worker's TF.js script (tensorflowScript.ts), and its
 * WebAssembly backend's plain binary and SIMD one, which the backend picks when the browser has WebAssembly SIMD.
 */
export const tensorflowUrlsSchema = z.object({
  script: z.string().min(1),
  plain: z.string().min(1),
  simd: z.string().min(1),
});

/** Which round of the warm-up series to score (warmUpSeries.ts). */
export const warmUpRoundSchema = z.number().int().nonnegative();

export const forecastRequestSchema = z.object({
  spec: detectorSpecSchema,
  series: z.array(seriesMessageSchema),
  augursWasm: augursWasmUrlsSchema.optional(),
});

const metricSeriesSchema = z.array(z.object({ metric: z.string(), series: z.array(seriesMessageSchema) }));

/**
 * A multivariate detector's series, per metric (the spec's `multivariate.primary` and `queries` names), and
 * optionally each metric's history to fit on (the window before the scored range).
 */
export const scoreMultivariateRequestSchema = z.object({
  spec: detectorSpecSchema,
  metrics: metricSeriesSchema,
  history: metricSeriesSchema.optional(),
});

export type SeriesMessage = z.infer<typeof seriesMessageSchema>;
export type ScoreItem = z.infer<typeof scoreItemSchema>;
export type ScoreRequest = z.input<typeof scoreRequestSchema>;
export type ScoreCausallyRequest = z.input<typeof scoreCausallyRequestSchema>;
export type PreviewRequest = z.input<typeof previewRequestSchema>;
export type ForecastRequest = z.input<typeof forecastRequestSchema>;
export type ScoreMultivariateRequest = z.input<typeof scoreMultivariateRequestSchema>;
export type AugursWasmUrls = z.infer<typeof augursWasmUrlsSchema>;
export type TensorflowUrls = z.infer<typeof tensorflowUrlsSchema>;

/** Parses a message or throws an error that names the offending field. */
export function parseMessage<T>(schema: z.ZodType<T>, message: unknown, what: string): T {
  const result = schema.safeParse(message);
  if (result.success) {
    return result.data;
  }
  const details = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`
  );
  throw new Error(`invalid ${what} message: ${details.join('; ')}`);
}
