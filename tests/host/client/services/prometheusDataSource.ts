import {
  DataFrameType,
  DataSourceApi,
  FieldType,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

export interface PromQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  interval?: string;
  instant?: boolean;
  range?: boolean;
}

interface PromMatrixSeries {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  value?: [number, string];
}

interface PromResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: PromMatrixSeries[] };
  error?: string;
  errorType?: string;
}

/** Grafana's default scrape interval for Prometheus datasources without `timeInterval`. */
const DEFAULT_SCRAPE_INTERVAL_SECONDS = 15;
/** Prometheus refuses more than 11,000 points per series. */
const MAX_POINTS = 11_000;

/**
 * A Prometheus datasource that queries through Grafana's datasource proxy and returns the same frames as
 * Grafana's (the dataplane shape): one frame per series with a `Time` field and a `Value` field carrying the series'
 * labels, named by `legendFormat` (as `displayNameFromDS`) when one is given. It is not Grafana's datasource (no query editor, no /api/ds/query, no exemplars).
 */
export class HostPrometheusDataSource extends DataSourceApi<PromQuery> {
  constructor(private readonly settings: DataSourceInstanceSettings) {
    super(settings);
  }

  async query(request: DataQueryRequest<PromQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((target) => !target.hide && target.expr);
    const frames = await Promise.all(targets.map((target) => this.runTarget(target, request)));
    return { data: frames.flat() };
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    await this.request('/api/v1/query', { query: '1+1', time: String(Date.now() / 1000) });
    return { status: 'success', message: 'Data source is working' };
  }

  async metricFindQuery(query: string, options?: { range?: DataQueryRequest['range'] }): Promise<MetricFindValue[]> {
    const interpolated = getTemplateSrv().replace(query);
    const labelValues = /^label_values\((?:(.+),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\)\s*$/.exec(interpolated);
    if (!labelValues) {
      throw new Error(
        `The stand-in host's Prometheus datasource only supports label_values(...) variables, not "${query}"`
      );
    }
    const [, selector, label] = labelValues;
    const params: Record<string, string> = {};
    if (selector) {
      params['match[]'] = selector;
    }
    if (options?.range) {
      params.start = String(options.range.from.unix());
      params.end = String(options.range.to.unix());
    }
    const response = await this.request<{ data: string[] }>(`/api/v1/label/${label}/values`, params);
    return response.data.map((text) => ({ text, value: text }));
  }

  private async runTarget(target: PromQuery, request: DataQueryRequest<PromQuery>): Promise<DataFrame[]> {
    const stepSeconds = this.stepSeconds(target, request);
    const rateInterval = Math.max(stepSeconds + DEFAULT_SCRAPE_INTERVAL_SECONDS, 4 * DEFAULT_SCRAPE_INTERVAL_SECONDS);
    const scopedVars: ScopedVars = {
      ...request.scopedVars,
      __interval: { text: `${stepSeconds}s`, value: `${stepSeconds}s` },
      __interval_ms: { text: String(stepSeconds * 1000), value: stepSeconds * 1000 },
      __rate_interval: { text: `${rateInterval}s`, value: `${rateInterval}s` },
    };
    const expr = getTemplateSrv().replace(target.expr, scopedVars, interpolatePromValue);
    const end = Math.floor(request.range.to.valueOf() / 1000 / stepSeconds) * stepSeconds;
    if (target.instant) {
      const response = await this.request<PromResponse>('/api/v1/query', { query: expr, time: String(end) });
      return (response.data?.result ?? []).map((series) =>
        this.toFrame(target, series, series.value ? [series.value] : [], stepSeconds, expr)
      );
    }
    const start = Math.floor(request.range.from.valueOf() / 1000 / stepSeconds) * stepSeconds;
    const response = await this.request<PromResponse>('/api/v1/query_range', {
      query: expr,
      start: String(start),
      end: String(end),
      step: String(stepSeconds),
    });
    return (response.data?.result ?? []).map((series) =>
      this.toFrame(target, series, series.values ?? [], stepSeconds, expr)
    );
  }

  private stepSeconds(target: PromQuery, request: DataQueryRequest<PromQuery>): number {
    const rangeSeconds = (request.range.to.valueOf() - request.range.from.valueOf()) / 1000;
    const minStep = target.interval ? parseDurationSeconds(target.interval) : DEFAULT_SCRAPE_INTERVAL_SECONDS;
    const fromInterval = Math.max(request.intervalMs / 1000, minStep);
    return Math.max(Math.ceil(fromInterval), Math.ceil(rangeSeconds / MAX_POINTS));
  }

  private toFrame(
    target: PromQuery,
    series: PromMatrixSeries,
    samples: Array<[number, string]>,
    stepSeconds: number,
    expr: string
  ): DataFrame {
    const displayName = target.legendFormat ? renderLegend(target.legendFormat, series.metric) : undefined;
    const times = samples.map(([time]) => Math.round(time * 1000));
    const values = samples.map(([, value]) => parsePromValue(value));
    return {
      refId: target.refId,
      length: samples.length,
      meta: {
        type: target.instant ? DataFrameType.NumericMulti : DataFrameType.TimeSeriesMulti,
        typeVersion: [0, 1],
        custom: { resultType: target.instant ? 'vector' : 'matrix' },
        executedQueryString: `Expr: ${expr}\nStep: ${stepSeconds}s`,
      },
      fields: [
        { name: 'Time', type: FieldType.time, config: { interval: stepSeconds * 1000 }, values: times },
        {
          name: 'Value',
          type: FieldType.number,
          labels: series.metric,
          config: displayName ? { displayNameFromDS: displayName } : {},
          values,
        },
      ],
    };
  }

  private async request<T>(path: string, params: Record<string, string>): Promise<T> {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: `/api/datasources/proxy/uid/${this.settings.uid}${path}`,
        method: 'GET',
        params,
        showErrorAlert: false,
      })
    ).catch((error: unknown) => {
      const data = (error as { data?: PromResponse }).data;
      throw new Error(data?.error ? `Prometheus: ${data.error}` : `Prometheus request failed: ${describe(error)}`);
    });
    return response.data;
  }
}

function describe(error: unknown): string {
  const { status, statusText, message } = error as { status?: number; statusText?: string; message?: string };
  return [status, statusText, message].filter(Boolean).join(' ') || String(error);
}

function parsePromValue(value: string): number {
  if (value === '+Inf') {
    return Infinity;
  }
  if (value === '-Inf') {
    return -Infinity;
  }
  return Number(value);
}

function renderLegend(format: string, labels: Record<string, string>): string {
  return format.replace(/\{\{\s*(.+?)\s*\}\}/g, (_match, name: string) => labels[name] ?? '');
}

/** Multi-value variables become a regex alternation, as in Grafana's Prometheus datasource. */
function interpolatePromValue(value: string | string[]): string {
  if (Array.isArray(value)) {
    return value.length === 1 ? escapeRegex(value[0]) : `(${value.map(escapeRegex).join('|')})`;
  }
  return value;
}

function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}]/g, '\\\\$&');
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

function parseDurationSeconds(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/.exec(text.replace(/^>/, '').trim());
  if (!match) {
    throw new Error(`Invalid min interval "${text}": expected a duration such as 30s or 1m`);
  }
  return Number(match[1]) * DURATION_UNITS[match[2]];
}
