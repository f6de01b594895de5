import { type Auth, authHeaders } from './auth';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import { ClientError, mayHaveReachedServer, NotSentError, RejectedRequestError } from './errors';
import { clipInput } from '../engine/util/quote';

/** `fetch` or anything with its shape (tests pass small fakes; the browser and Node 20 pass their own). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpClientOptions {
  /** e.g. `http://prometheus:9090`, or a Grafana proxy path such as `/api/datasources/proxy/uid/prometheus`. */
  baseUrl: string;
  headers?: Record<string, string>;
  auth?: Auth;
  fetch?: FetchLike;
  /** Per attempt, ms (default 30 s). */
  timeoutMs?: number;
  /** Budget for all attempts and waits together, ms (default: none beyond the attempts). */
  deadlineMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Injected in tests; default real timers and Math.random. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export type QueryValue = string | number | boolean | undefined | Array<string | number>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Human name of the endpoint for errors, e.g. `Prometheus query_range`. */
  endpoint: string;
  query?: Record<string, QueryValue>;
  body?: string;
  contentType?: string;
  signal?: AbortSignal;
  /**
   * Not idempotent (e.g. creating a silence): never sent again once it may have reached the server, so a timeout
   * cannot make it happen twice; retried only when it surely did not (connection refused, HTTP 429).
   */
  sendOnce?: boolean;
}

export interface HttpResponse {
  status: number;
  text: string;
}

export interface HttpServiceInfo {
  /** Turns an error body into the server's own message (e.g. Prometheus's `error` field). */
  errorMessageOf?: (body: string) => string | undefined;
  /** The URL is a secret (Slack webhook): never put it in errors or logs. */
  secretUrl?: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Network failures that happen before a byte of the request is sent. */
const NOT_SENT_CAUSES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** fetch with timeouts, retries (exponential backoff with jitter on 5xx, 429 and network errors) and auth. */
export class HttpClient {
  readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number | undefined;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    options: HttpClientOptions,
    private readonly service: HttpServiceInfo = {}
  ) {
    const { baseUrl, credentials } = splitCredentials(options.baseUrl);
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    const auth = options.auth ?? credentials;
    this.headers = { ...authHeaders(auth), ...options.headers };
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.deadlineMs = options.deadlineMs;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    return `${this.baseUrl}${path}${queryString(query)}`;
  }

  /** Sends the request, retrying what is worth retrying; resolves only with a 2xx response. */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    const where = this.service.secretUrl ? request.endpoint : `${request.endpoint} (${this.url(request.path)})`;
    let attempt = 0;
    for (;;) {
      attempt++;
      const remaining = this.deadlineMs === undefined ? Infinity : this.deadlineMs - (Date.now() - started);
      const error = await this.attempt(request, where, Math.max(1, Math.min(this.timeoutMs, remaining)));
      if (!(error instanceof ClientError)) {
        return error;
      }
      const delay = backoffDelayMs(attempt, this.policy, this.random);
      const outOfTime = this.deadlineMs !== undefined && Date.now() - started + delay >= this.deadlineMs;
      const couldDuplicate = request.sendOnce === true && mayHaveReachedServer(error);
      if (
        !error.retryable ||
        couldDuplicate ||
        attempt >= this.policy.attempts ||
        outOfTime ||
        request.signal?.aborted
      ) {
        throw withAttempts(error, attempt);
      }
      await this.sleep(delay);
      if (request.signal?.aborted) {
        throw new ClientError(`${where}: cancelled by the caller`, request.endpoint, 'aborted', undefined, attempt);
      }
    }
  }

  private async attempt(request: HttpRequest, where: string, timeoutMs: number): Promise<HttpResponse | ClientError> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const onAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onAbort);
    const headers: Record<string, string> = { ...this.headers };
    if (request.contentType) {
      headers['Content-Type'] = request.contentType;
    }
    try {
      const response = await this.fetchImpl(this.url(request.path, request.query), {
        method: request.method,
        headers,
        body: request.body,
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.ok) {
        return { status: response.status, text };
      }
      return this.statusError(request, where, response.status, text);
    } catch (error) {
      if (request.signal?.aborted) {
        return new ClientError(`${where}: cancelled by the caller`, request.endpoint, 'aborted');
      }
      if (controller.signal.aborted) {
        return new ClientError(`${where}: no response within ${timeoutMs} ms`, request.endpoint, 'timeout');
      }
      const cause = networkCause(error);
      const message = `${where}: cannot connect (${cause})`;
      return NOT_SENT_CAUSES.has(cause)
        ? new NotSentError(message, request.endpoint)
        : new ClientError(message, request.endpoint, 'network');
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  private statusError(request: HttpRequest, where: string, status: number, body: string): ClientError {
    const serverMessage = this.service.errorMessageOf?.(body) ?? snippet(body);
    const detail = serverMessage ? `: ${serverMessage}` : '';
    if (status >= 400 && status < 500 && status !== 429) {
      return new RejectedRequestError(
        `${where} answered HTTP ${status}${detail}`,
        request.endpoint,
        status,
        serverMessage
      );
    }
    return new ClientError(`${where} answered HTTP ${status}${detail}`, request.endpoint, 'http', status);
  }
}

function withAttempts(error: ClientError, attempts: number): ClientError {
  if (attempts === 1 || error instanceof RejectedRequestError) {
    return error;
  }
  const message = `${error.message} (gave up after ${attempts} attempts)`;
  if (error instanceof NotSentError) {
    return new NotSentError(message, error.endpoint, attempts);
  }
  return new ClientError(message, error.endpoint, error.kind, error.status, attempts);
}

/** `http://user:pass@host` is not allowed by fetch: the credentials become a basic auth header. */
function splitCredentials(baseUrl: string): { baseUrl: string; credentials?: Auth } {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl)) {
    return { baseUrl };
  }
  const url = new URL(baseUrl);
  if (!url.username && !url.password) {
    return { baseUrl };
  }
  const credentials: Auth = {
    type: 'basic',
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
  url.username = '';
  url.password = '';
  return { baseUrl: url.toString(), credentials };
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(name, String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

function snippet(body: string): string {
  return clipInput(body.trim(), 300);
}
