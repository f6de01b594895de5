import type { Series } from '../engine/series';
import { clipInput, quoteInput } from '../engine/util/quote';
import { ClientError, RejectedRequestError } from './errors';
import { HttpClient, type HttpClientOptions, type QueryValue } from './http';
import { msToSeconds, sampleValueOrNull, secondsToMs } from './prometheusValues';
import {
  errorBodySchema,
  instantResponseSchema,
  type matrixSchema,
  rangeResponseSchema,
  seriesResponseSchema,
  stringListResponseSchema,
} from './prometheusSchemas';
import { planRangeChunks, PROMETHEUS_MAX_POINTS, type RangeChunk } from './rangeChunks';
import { parseJsonResponse } from './validate';
import { type z } from 'zod';

export interface PrometheusClientOptions extends HttpClientOptions {
  /** GET, POST (form body), or auto: POST when the URL would be long. Default auto. */
  httpMethod?: 'GET' | 'POST' | 'auto';
  /** Points per chunk of a range query, at most 11,000 (Prometheus's limit). */
  maxPointsPerChunk?: number;
  /** Chunks of one range query fetched at the same time (default 2). */
  chunkConcurrency?: number;
  /** Prometheus's warnings and infos (e.g. "PromQL info: metric might not be a counter"). */
  onWarning?: (message: string) => void;
}

/** One sample of an instant query. */
export interface InstantSample {
  labels: Record<string, string>;
  timestamp: number;
  value: number;
}

export interface QueryOptions {
  signal?: AbortSignal;
  /** Prometheus's own evaluation timeout, e.g. `30s`. */
  timeout?: string;
  /**
   * A range query's series with a sample that cannot be read: with this callback the series alone is left
   * out and reported here; without it the whole query fails.
   */
  onInvalidSeries?: (labels: Record<string, string>, problem: string) => void;
}

const LONG_URL = 4_000;
/** Prometheus's message when a query exceeds --query.max-samples. */
const TOO_MANY_SAMPLES = /too many samples/i;

/** Prometheus HTTP API v1 over fetch; in Grafana mode the base URL is `<grafana>/api/datasources/proxy/uid/<uid>`. */
export class PrometheusClient {
  private readonly http: HttpClient;
  private readonly httpMethod: 'GET' | 'POST' | 'auto';
  private readonly maxPoints: number;
  private readonly concurrency: number;
  private readonly onWarning?: (message: string) => void;

  constructor(options: PrometheusClientOptions) {
    this.http = new HttpClient(options, { errorMessageOf: prometheusErrorMessage });
    this.httpMethod = options.httpMethod ?? 'auto';
    this.maxPoints = options.maxPointsPerChunk ?? PROMETHEUS_MAX_POINTS;
    this.concurrency = Math.max(1, options.chunkConcurrency ?? 2);
    this.onWarning = options.onWarning;
  }

  /**
   * Range query over [startMs, endMs] at stepMs, split into chunks under the 11,000-point limit and
   * merged: one Series per label set, samples sorted and unique by timestamp. Only samples Prometheus
   * returned are included (stale or absent points are missing, not NaN); series that appear in some
   * chunks only are kept with the samples they have.
   */
  async queryRange(
    query: string,
    startMs: number,
    endMs: number,
    stepMs: number,
    options: QueryOptions = {}
  ): Promise<Series[]> {
    const chunks = planRangeChunks(startMs, endMs, stepMs, this.maxPoints);
    const results = await mapLimited(chunks, this.concurrency, (chunk) =>
      this.rangeChunk(query, chunk, stepMs, options)
    );
    return mergeMatrices(results.flat(), 'Prometheus query_range', options.onInvalidSeries);
  }

  /**
   * One chunk; when Prometheus refuses it for loading too many samples (many series at once, beyond
   * its --query.max-samples), the chunk is halved on the grid and each half fetched in turn.
   */
  private async rangeChunk(query: string, chunk: RangeChunk, stepMs: number, options: QueryOptions): Promise<Matrix[]> {
    try {
      const response = await this.call('query_range', '/api/v1/query_range', rangeResponseSchema, query, options, {
        query,
        start: msToSeconds(chunk.startMs),
        end: msToSeconds(chunk.endMs),
        step: msToSeconds(stepMs),
        timeout: options.timeout,
      });
      return [response.data.result];
    } catch (error) {
      if (!(error instanceof RejectedRequestError) || !TOO_MANY_SAMPLES.test(error.serverMessage) || chunk.points < 2) {
        throw error;
      }
      const firstPoints = Math.ceil(chunk.points / 2);
      const firstEnd = chunk.startMs + (firstPoints - 1) * stepMs;
      const first = await this.rangeChunk(
        query,
        { startMs: chunk.startMs, endMs: firstEnd, points: firstPoints },
        stepMs,
        options
      );
      const second = await this.rangeChunk(
        query,
        { startMs: firstEnd + stepMs, endMs: chunk.endMs, points: chunk.points - firstPoints },
        stepMs,
        options
      );
      return [...first, ...second];
    }
  }

  /** Instant query at timeMs (default: now on the server). A range-vector result is refused with a clear error. */
  async query(query: string, timeMs?: number, options: QueryOptions = {}): Promise<InstantSample[]> {
    const response = await this.call('query', '/api/v1/query', instantResponseSchema, query, options, {
      query,
      time: timeMs === undefined ? undefined : msToSeconds(timeMs),
      timeout: options.timeout,
    });
    const data = response.data;
    switch (data.resultType) {
      case 'vector':
        return data.result.flatMap((entry) =>
          entry.value
            ? [
                {
                  labels: entry.metric,
                  timestamp: secondsToMs(entry.value[0]),
                  value: checkedValue(entry.value[1], 'Prometheus query'),
                },
              ]
            : []
        );
      case 'scalar':
        return [
          {
            labels: {},
            timestamp: secondsToMs(data.result[0]),
            value: checkedValue(data.result[1], 'Prometheus query'),
          },
        ];
      default:
        throw new ClientError(
          `Prometheus query returned a ${data.resultType} for ${quoteInput(query)}; use queryRange for range vectors`,
          'Prometheus query',
          'invalid-response'
        );
    }
  }

  /** Label sets of the series matching any of the selectors, e.g. `['up{job="node"}']`. */
  async series(
    matchers: string[],
    startMs?: number,
    endMs?: number,
    options: QueryOptions = {}
  ): Promise<Array<Record<string, string>>> {
    return this.metadata('series', '/api/v1/series', seriesResponseSchema, matchers, startMs, endMs, options);
  }

  /** Label names, optionally only those of series matching the selectors. */
  async labels(
    matchers: string[] = [],
    startMs?: number,
    endMs?: number,
    options: QueryOptions = {}
  ): Promise<string[]> {
    return this.metadata('labels', '/api/v1/labels', stringListResponseSchema, matchers, startMs, endMs, options);
  }

  /** Values of one label, optionally only in series matching the selectors. */
  async labelValues(
    name: string,
    matchers: string[] = [],
    startMs?: number,
    endMs?: number,
    options: QueryOptions = {}
  ): Promise<string[]> {
    const path = `/api/v1/label/${encodeURIComponent(name)}/values`;
    return this.metadata('label values', path, stringListResponseSchema, matchers, startMs, endMs, options, name);
  }

  /** A metadata endpoint's data about the series matching the selectors, within the range when one is given. */
  private async metadata<T>(
    name: string,
    path: string,
    schema: z.ZodType<{ data: T }>,
    matchers: string[],
    startMs: number | undefined,
    endMs: number | undefined,
    options: QueryOptions,
    subject = matchers.join(', ')
  ): Promise<T> {
    const response = await this.call(name, path, schema, subject, options, {
      'match[]': matchers,
      start: startMs === undefined ? undefined : msToSeconds(startMs),
      end: endMs === undefined ? undefined : msToSeconds(endMs),
    });
    return response.data;
  }

  private async call<T extends z.ZodType>(
    name: string,
    path: string,
    schema: T,
    subject: string,
    options: QueryOptions,
    params: Record<string, QueryValue>
  ): Promise<z.output<T>> {
    const endpoint = `Prometheus ${name}`;
    const usePost =
      this.httpMethod === 'POST' || (this.httpMethod === 'auto' && this.http.url(path, params).length > LONG_URL);
    let text: string;
    try {
      const response = usePost
        ? await this.http.request({
            method: 'POST',
            path,
            endpoint,
            body: new URLSearchParams(formEntries(params)).toString(),
            contentType: 'application/x-www-form-urlencoded',
            signal: options.signal,
          })
        : await this.http.request({ method: 'GET', path, endpoint, query: params, signal: options.signal });
      text = response.text;
    } catch (error) {
      if (error instanceof RejectedRequestError) {
        throw new RejectedRequestError(
          `Prometheus rejected ${quoteInput(subject)} (HTTP ${error.status}): ${error.serverMessage}`,
          endpoint,
          error.status ?? 400,
          error.serverMessage
        );
      }
      throw error;
    }
    const failure = prometheusErrorMessage(text, true);
    if (failure) {
      throw new ClientError(
        `${endpoint} (${this.http.url(path)}) answered status "error" for ${quoteInput(subject)}: ${failure}`,
        endpoint,
        'invalid-response'
      );
    }
    const parsed = parseJsonResponse(schema, text, endpoint, `${endpoint} (${this.http.url(path)})`) as z.output<T> & {
      warnings?: string[];
      infos?: string[];
    };
    for (const message of [...(parsed.warnings ?? []), ...(parsed.infos ?? [])]) {
      this.onWarning?.(message);
    }
    return parsed;
  }
}

/**
 * Prometheus's own words from an error body (`errorType: error`). With `statusError`, only from a body that says
 * `"status":"error"` (a proxy may send one with HTTP 200), so that they are never lost in a schema complaint.
 */
function prometheusErrorMessage(body: string, statusError = false): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (statusError && (json as { status?: unknown } | null)?.status !== 'error') {
      return undefined;
    }
    const parsed = errorBodySchema.safeParse(json);
    if (!parsed.success) {
      return undefined;
    }
    const { errorType, error, message } = parsed.data;
    const text = error ?? message;
    if (!text) {
      return undefined;
    }
    return errorType ? `${errorType}: ${text}` : text;
  } catch {
    return undefined;
  }
}

function formEntries(params: Record<string, QueryValue>): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      entries.push([name, String(item)]);
    }
  }
  return entries;
}

type Matrix = z.output<typeof matrixSchema>;

/**
 * Joins chunked matrices by label set: samples concatenated in time order, duplicates at borders removed.
 * Checks every sample is `[seconds, "value"]` on the way: a bad one names the endpoint and its position, and
 * leaves its series out (reported to `onInvalid`) or, without `onInvalid`, fails the whole query.
 */
export function mergeMatrices(
  matrices: Matrix[],
  endpoint: string,
  onInvalid?: (labels: Record<string, string>, problem: string) => void
): Series[] {
  const byKey = new Map<string, { labels: Record<string, string>; parts: unknown[][]; length: number }>();
  for (const matrix of matrices) {
    for (const entry of matrix) {
      const samples = entry.values ?? [];
      const key = labelKey(entry.metric);
      const target = byKey.get(key);
      if (target) {
        target.parts.push(samples);
        target.length += samples.length;
      } else {
        byKey.set(key, { labels: entry.metric, parts: [samples], length: samples.length });
      }
    }
  }
  const series: Series[] = [];
  for (const { labels, parts, length } of byKey.values()) {
    if (length === 0) {
      continue;
    }
    try {
      series.push(mergeSeries(labels, parts, length, endpoint));
    } catch (error) {
      if (!onInvalid || !(error instanceof ClientError)) {
        throw error;
      }
      onInvalid(labels, error.message);
    }
  }
  return series;
}

function mergeSeries(labels: Record<string, string>, parts: unknown[][], length: number, endpoint: string): Series {
  const timestamps = new Float64Array(length);
  const values = new Float64Array(length);
  let filled = 0;
  let ordered = true;
  for (const samples of parts) {
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i];
      const value =
        Array.isArray(sample) && sample.length === 2 && typeof sample[0] === 'number' && typeof sample[1] === 'string'
          ? sampleValueOrNull(sample[1])
          : null;
      if (value === null) {
        throw new ClientError(
          `${endpoint}: unexpected response: sample ${i} of ${clipInput(JSON.stringify(labels))} is ${clipInput(JSON.stringify(sample) ?? String(sample))}, expected [seconds, "value"]`,
          endpoint,
          'invalid-response'
        );
      }
      const time = secondsToMs((sample as [number, string])[0]);
      if (filled > 0 && time <= timestamps[filled - 1]) {
        ordered = false;
      }
      timestamps[filled] = time;
      values[filled] = value;
      filled++;
    }
  }
  return ordered ? { labels, timestamps, values } : sortedUnique(labels, timestamps, values);
}

function checkedValue(text: string, endpoint: string): number {
  const value = sampleValueOrNull(text);
  if (value === null) {
    throw new ClientError(
      `${endpoint}: unexpected response: ${quoteInput(text)} is not a sample value`,
      endpoint,
      'invalid-response'
    );
  }
  return value;
}

/** Sorts by time; of samples with the same timestamp the later one (from a later chunk) wins. */
function sortedUnique(labels: Record<string, string>, timestamps: Float64Array, values: Float64Array): Series {
  const order = Array.from(timestamps.keys()).sort((a, b) => timestamps[a] - timestamps[b] || a - b);
  const outTimes: number[] = [];
  const outValues: number[] = [];
  for (const index of order) {
    if (outTimes.length > 0 && outTimes[outTimes.length - 1] === timestamps[index]) {
      outValues[outValues.length - 1] = values[index];
      continue;
    }
    outTimes.push(timestamps[index]);
    outValues.push(values[index]);
  }
  return { labels, timestamps: Float64Array.from(outTimes), values: Float64Array.from(outValues) };
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((name) => [name, labels[name]])
  );
}

/** Puts samples on the full grid start..end (NaN where Prometheus had no sample), as the engine expects before gap filling. */
export function alignToGrid(series: Series, startMs: number, endMs: number, stepMs: number): Series {
  const count = Math.floor((endMs - startMs) / stepMs) + 1;
  const timestamps = new Float64Array(count);
  const values = new Float64Array(count).fill(Number.NaN);
  for (let i = 0; i < count; i++) {
    timestamps[i] = startMs + i * stepMs;
  }
  for (let i = 0; i < series.timestamps.length; i++) {
    const offset = (series.timestamps[i] - startMs) / stepMs;
    const index = Math.round(offset);
    if (index >= 0 && index < count && Math.abs(offset - index) < 1e-6) {
      values[index] = series.values[i];
    }
  }
  return { labels: series.labels, timestamps, values };
}

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}
