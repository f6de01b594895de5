import { z } from 'zod';
import type { Series } from '../series';

const sampleSchema = z.tuple([z.number(), z.string()]);

/** The body of a Prometheus `/api/v1/query_range` answer (the `matrix` result type). */
export const prometheusMatrixResponseSchema = z.object({
  status: z.enum(['success', 'error']),
  error: z.string().optional(),
  errorType: z.string().optional(),
  data: z
    .object({
      resultType: z.string(),
      result: z.array(
        z.object({
          metric: z.record(z.string(), z.string()),
          values: z.array(sampleSchema).optional(),
          histograms: z.array(z.unknown()).optional(),
        })
      ),
    })
    .optional(),
});

export class PreprocessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreprocessError';
  }
}

/** Prometheus sample values are strings; these spellings stand for special floats. */
function parseSampleValue(text: string): number {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return Number(text);
  }
}

/**
 * Turns a `query_range` JSON answer (the whole body, or its `data` part) into Series, one per
 * result, timestamps in ms. Unparseable values become NaN (a missing sample). Throws a
 * PreprocessError naming the problem when the body is not a matrix.
 */
export function fromPrometheusMatrix(body: unknown, where = 'query_range response'): Series[] {
  const wrapped =
    body && typeof body === 'object' && 'resultType' in body && !('status' in body)
      ? { status: 'success', data: body }
      : body;
  const parsed = prometheusMatrixResponseSchema.safeParse(wrapped);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PreprocessError(`${where}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  const response = parsed.data;
  if (response.status === 'error') {
    throw new PreprocessError(
      `${where}: Prometheus answered with an error: ${response.errorType ?? 'error'}: ${response.error ?? ''}`
    );
  }
  if (!response.data) {
    throw new PreprocessError(`${where}: data is missing`);
  }
  if (response.data.resultType !== 'matrix') {
    throw new PreprocessError(
      `${where}: expected resultType "matrix", got "${response.data.resultType}" (use query_range)`
    );
  }
  return response.data.result.map((entry) => {
    const samples = entry.values ?? [];
    const timestamps = new Float64Array(samples.length);
    const values = new Float64Array(samples.length);
    samples.forEach(([seconds, text], i) => {
      timestamps[i] = Math.round(seconds * 1000);
      values[i] = parseSampleValue(text);
    });
    return sortByTime({ labels: { ...entry.metric }, timestamps, values });
  });
}

/** Returns the series sorted by timestamp (a copy only when it was not sorted). */
export function sortByTime(series: Series): Series {
  const { timestamps } = series;
  let sorted = true;
  for (let i = 1; i < timestamps.length; i++) {
    if (!(timestamps[i] >= timestamps[i - 1])) {
      sorted = false;
      break;
    }
  }
  if (sorted) {
    return series;
  }
  const order = Array.from(timestamps.keys()).sort((a, b) => timestamps[a] - timestamps[b]);
  return {
    labels: series.labels,
    timestamps: Float64Array.from(order, (i) => timestamps[i]),
    values: Float64Array.from(order, (i) => series.values[i]),
  };
}
