import { backoffDelayMs, DEFAULT_RETRY_POLICY } from './backoff';
import { ClientError, mayHaveReachedServer, NotSentError, RejectedRequestError } from './errors';
import { fakeFetch } from './fakeFetch';
import { HttpClient, type HttpClientOptions } from './http';

function client(fetch: HttpClientOptions['fetch'], options: Partial<HttpClientOptions> = {}) {
  const sleeps: number[] = [];
  const http = new HttpClient({
    baseUrl: 'http://prom.test:9090/',
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { http, sleeps };
}

const request = { method: 'GET' as const, path: '/api/v1/query', endpoint: 'Prometheus query' };

describe('backoffDelayMs', () => {
  it('doubles per retry, caps at the maximum, and jitters within [half, full]', () => {
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(300);
  });
});

describe('HttpClient', () => {
  it('retries 5xx and network errors with growing delays, then succeeds', async () => {
    const fake = fakeFetch([{ status: 503, body: 'busy' }, 'network-error', { status: 200, body: 'ok' }]);
    const { http, sleeps } = client(fake.fetch);
    await expect(http.request(request)).resolves.toEqual({ status: 200, text: 'ok' });
    expect(fake.calls).toHaveLength(3);
    expect(sleeps).toEqual([
      backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.5),
      backoffDelayMs(2, DEFAULT_RETRY_POLICY, () => 0.5),
    ]);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0]);
  });

  it('does not retry a 4xx and quotes the server', async () => {
    const fake = fakeFetch([{ status: 400, body: 'bad thing' }]);
    const { http } = client(fake.fetch);
    const error = await http.request(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedRequestError);
    expect((error as Error).message).toBe(
      'Prometheus query (http://prom.test:9090/api/v1/query) answered HTTP 400: bad thing'
    );
    expect(fake.calls).toHaveLength(1);
  });

  it('retries 429', async () => {
    const fake = fakeFetch([{ status: 429 }, { status: 200, body: 'ok' }]);
    await expect(client(fake.fetch).http.request(request)).resolves.toMatchObject({ status: 200 });
  });

  it('gives up after the configured attempts with an error naming the endpoint and the cause', async () => {
    const fake = fakeFetch(['network-error']);
    const { http, sleeps } = client(fake.fetch, { retry: { attempts: 3 } });
    const error = (await http.request(request).catch((e: unknown) => e)) as ClientError;
    expect(error.message).toBe(
      'Prometheus query (http://prom.test:9090/api/v1/query): cannot connect (ECONNREFUSED) (gave up after 3 attempts)'
    );
    expect(error.kind).toBe('network');
    expect(error.attempts).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('times out an attempt that hangs, and retries it', async () => {
    const fake = fakeFetch((_, index) => (index === 0 ? 'hang' : { status: 200, body: 'late but fine' }));
    const { http } = client(fake.fetch, { timeoutMs: 20 });
    await expect(http.request(request)).resolves.toEqual({ status: 200, text: 'late but fine' });
  });

  it('reports a timeout in words', async () => {
    const fake = fakeFetch(['hang']);
    const { http } = client(fake.fetch, { timeoutMs: 10, retry: { attempts: 1 } });
    await expect(http.request(request)).rejects.toThrow(
      'Prometheus query (http://prom.test:9090/api/v1/query): no response within 10 ms'
    );
  });

  it('stops retrying when the deadline would pass', async () => {
    const fake = fakeFetch(['network-error']);
    const { http } = client(fake.fetch, {
      deadlineMs: 100,
      retry: { attempts: 10, baseDelayMs: 80, maxDelayMs: 1000 },
    });
    await expect(http.request(request)).rejects.toThrow(/gave up after 2 attempts/);
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const fake = fakeFetch(['hang']);
    const { http } = client(fake.fetch);
    const pending = http.request({ ...request, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(fake.calls).toHaveLength(1);
  });

  it('does not retry after the caller aborted during the wait', async () => {
    const controller = new AbortController();
    const fake = fakeFetch(['network-error']);
    const http = new HttpClient({
      baseUrl: 'http://prom.test',
      fetch: fake.fetch,
      sleep: async () => controller.abort(),
    });
    await expect(http.request({ ...request, signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    expect(fake.calls).toHaveLength(1);
  });

  it('sends bearer and basic auth, and turns credentials in the URL into a basic auth header', async () => {
    const fake = fakeFetch([{ status: 200 }]);
    await client(fake.fetch, { auth: { type: 'bearer', token: 'glsa_abc' } }).http.request(request);
    await client(fake.fetch, { auth: { type: 'basic', username: 'ädmin', password: 'p:w' } }).http.request(request);
    await client(fake.fetch, { baseUrl: 'https://user:s%40cret@prom.test/prefix' }).http.request(request);
    const authorization = fake.calls.map((call) => (call.init.headers as Record<string, string>).Authorization);
    expect(authorization[0]).toBe('Bearer glsa_abc');
    expect(Buffer.from(authorization[1].replace('Basic ', ''), 'base64').toString('utf8')).toBe('ädmin:p:w');
    expect(Buffer.from(authorization[2].replace('Basic ', ''), 'base64').toString('utf8')).toBe('user:s@cret');
    expect(fake.calls[2].url).toBe('https://prom.test/prefix/api/v1/query');
  });

  it('works with a relative base URL, as in the browser behind Grafana', async () => {
    const fake = fakeFetch([{ status: 200 }]);
    await client(fake.fetch, { baseUrl: '/api/datasources/proxy/uid/prometheus' }).http.request({
      ...request,
      query: { query: 'up', time: undefined, 'match[]': ['a', 'b'] },
    });
    expect(fake.calls[0].url).toBe(
      '/api/datasources/proxy/uid/prometheus/api/v1/query?query=up&match%5B%5D=a&match%5B%5D=b'
    );
  });

  it('keeps a secret URL out of its errors', async () => {
    const fake = fakeFetch([{ status: 404, body: 'no_service' }]);
    const http = new HttpClient(
      { baseUrl: 'https://hooks.slack.test/services/T0/B0/SECRET', fetch: fake.fetch },
      { secretUrl: true }
    );
    const error = (await http
      .request({ method: 'POST', path: '', endpoint: 'Slack webhook' })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('Slack webhook answered HTTP 404: no_service');
    expect(error.message).not.toContain('SECRET');
  });

  describe('a sendOnce request (not idempotent)', () => {
    const create = { method: 'POST' as const, path: '/api/v2/silences', endpoint: 'create', sendOnce: true };

    it('is not sent again after a timeout, a reset connection or a 5xx: it may have arrived', async () => {
      for (const answer of ['hang', 'connection-reset', { status: 502 }] as const) {
        const fake = fakeFetch([answer, { status: 200, body: 'ok' }]);
        const { http } = client(fake.fetch, { timeoutMs: 10 });
        const error = (await http.request(create).catch((e: unknown) => e)) as ClientError;
        expect(error).toBeInstanceOf(ClientError);
        expect(error.attempts).toBe(1);
        expect(fake.calls).toHaveLength(1);
      }
    });

    it('is sent again when the connection was refused or the server answered 429: it did not arrive', async () => {
      for (const answer of ['network-error', { status: 429 }] as const) {
        const fake = fakeFetch([answer, { status: 200, body: 'ok' }]);
        await expect(client(fake.fetch).http.request(create)).resolves.toEqual({ status: 200, text: 'ok' });
        expect(fake.calls).toHaveLength(2);
      }
    });

    it('leaves other POSTs retried after a timeout (alert delivery is idempotent)', async () => {
      const fake = fakeFetch((_, index) => (index === 0 ? 'hang' : { status: 200, body: 'ok' }));
      const { http } = client(fake.fetch, { timeoutMs: 10 });
      await expect(http.request({ ...create, sendOnce: undefined })).resolves.toEqual({ status: 200, text: 'ok' });
      expect(fake.calls).toHaveLength(2);
    });
  });

  it('tells a refused connection (never sent) from one that may have reached the server', async () => {
    const refused = await client(fakeFetch(['network-error']).fetch, { retry: { attempts: 2 } })
      .http.request(request)
      .catch((e: unknown) => e);
    const reset = await client(fakeFetch(['connection-reset']).fetch, { retry: { attempts: 1 } })
      .http.request(request)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotSentError);
    expect(mayHaveReachedServer(refused)).toBe(false);
    expect(reset).not.toBeInstanceOf(NotSentError);
    expect(mayHaveReachedServer(reset)).toBe(true);
  });
});
