import { quoteInput } from '../../engine/util/quote';

/** Where and how to export traces, from the standard OTEL_* environment variables. */
export interface OtlpConfig {
  /** The full URL spans are POSTed to. */
  url: string;
  headers: Record<string, string>;
  serviceName: string;
  timeoutMs: number;
}

export const DEFAULT_EXPORT_TIMEOUT_MS = 5_000;

export interface OtlpConfigResult {
  config?: OtlpConfig;
  /** Problems to log as warnings (they never name a header's value). */
  warnings: string[];
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** `k=v,k2=v2` (values percent-decoded, as the OTLP exporter specification says). */
function parseHeaders(text: string, warnings: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  text.split(',').forEach((entry, index) => {
    if (entry.trim() === '') {
      return;
    }
    const equals = entry.indexOf('=');
    const key = equals > 0 ? entry.slice(0, equals).trim() : '';
    if (key === '') {
      warnings.push(`OTEL_EXPORTER_OTLP_HEADERS: entry ${index + 1} is not key=value; ignored`);
      return;
    }
    const raw = entry.slice(equals + 1).trim();
    try {
      headers[key] = decodeURIComponent(raw);
    } catch {
      headers[key] = raw;
    }
  });
  return headers;
}

/** OTEL_EXPORTER_OTLP_TRACES_TIMEOUT, else OTEL_EXPORTER_OTLP_TIMEOUT: milliseconds, a positive integer. */
function parseTimeout(env: NodeJS.ProcessEnv, warnings: string[]): number {
  for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const value = env[variable]?.trim();
    if (value) {
      if (/^[1-9]\d*$/.test(value)) {
        return Number(value);
      }
      warnings.push(
        `${variable}: must be a positive whole number of milliseconds, got ${quoteInput(value)}; using ${DEFAULT_EXPORT_TIMEOUT_MS}`
      );
      return DEFAULT_EXPORT_TIMEOUT_MS;
    }
  }
  return DEFAULT_EXPORT_TIMEOUT_MS;
}

/**
 * Tracing is on when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (the full URL, wins) or OTEL_EXPORTER_OTLP_ENDPOINT
 * (the base: `/v1/traces` is appended) is set; an unusable URL leaves it off with a warning.
 */
export function otlpConfigFromEnv(env: NodeJS.ProcessEnv): OtlpConfigResult {
  const warnings: string[] = [];
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const baseEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const [variable, value, url] = tracesEndpoint
    ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint, tracesEndpoint]
    : baseEndpoint
      ? ['OTEL_EXPORTER_OTLP_ENDPOINT', baseEndpoint, `${baseEndpoint.replace(/\/+$/, '')}/v1/traces`]
      : [];
  if (!variable || !url) {
    return { warnings };
  }
  if (!isHttpUrl(url)) {
    const shown = value?.includes('@') ? 'a value with credentials (not shown)' : quoteInput(value ?? '');
    warnings.push(`${variable}: must be an http(s) URL, got ${shown}; tracing is off`);
    return { warnings };
  }
  const { username, password } = new URL(url);
  if (username || password) {
    // fetch refuses a URL with credentials, and the URL is logged: neither the value nor the user is repeated here.
    warnings.push(
      `${variable}: must not carry credentials (user:password@); send them as OTEL_EXPORTER_OTLP_HEADERS=Authorization=...; tracing is off`
    );
    return { warnings };
  }
  return {
    config: {
      url,
      headers: parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS ?? '', warnings),
      serviceName: env.OTEL_SERVICE_NAME?.trim() || 'vigil',
      timeoutMs: parseTimeout(env, warnings),
    },
    warnings,
  };
}
