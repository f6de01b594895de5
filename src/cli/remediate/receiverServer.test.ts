import { Agent, createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionRecord } from '../../alerting/remediation';
import type { Logger } from '../log';
import { QueryError, closeReceiver, selectActions, startReceiver } from './receiverServer';
import { createRemediationMetrics } from './remediationMetrics';

function record(fingerprint: string, minute: number): ActionRecord {
  return {
    time: new Date(Date.UTC(2026, 11, 5, 10, minute)).toISOString(),
    fingerprint,
    activity: 'restart-api',
    target: 'Deployment/shop/api',
    outcome: 'succeeded',
    durationMs: 12,
    labels: {},
    detail: '',
  };
}

describe('selectActions (GET /api/v1/actions)', () => {
  const recent = [record('a', 1), record('b', 2), record('a', 3), record('b', 4), record('a', 5)];

  it('answers newest first, at most limit (default 100)', () => {
    expect(selectActions(recent, new URLSearchParams()).map((r) => r.time.slice(14, 16))).toEqual([
      '05',
      '04',
      '03',
      '02',
      '01',
    ]);
    expect(selectActions(recent, new URLSearchParams('limit=2')).map((r) => r.time.slice(14, 16))).toEqual([
      '05',
      '04',
    ]);
  });

  it("keeps only one alert's actions with ?fingerprint=, the limit applying after the filter", () => {
    const selected = selectActions(recent, new URLSearchParams('fingerprint=b&limit=5'));
    expect(selected.map((r) => [r.fingerprint, r.time.slice(14, 16)])).toEqual([
      ['b', '04'],
      ['b', '02'],
    ]);
    expect(selectActions(recent, new URLSearchParams('fingerprint=none'))).toEqual([]);
    expect(() => selectActions(recent, new URLSearchParams('fingerprint='))).toThrow(
      new QueryError('fingerprint: empty; leave it out for every alert')
    );
  });

  it('refuses a limit that is not a whole number from 1 to 500, naming it', () => {
    const many = Array.from({ length: 600 }, (_, i) => record('a', i % 60));
    for (const limit of ['abc', '-3', '0', '2.5', '', '501', '99999999999999999999999']) {
      expect(() => selectActions(many, new URLSearchParams({ limit }))).toThrow(
        new QueryError(`limit: expected a whole number from 1 to 500, got ${JSON.stringify(limit)}`)
      );
    }
    expect(selectActions(many, new URLSearchParams('limit=500'))).toHaveLength(500);
  });
});

describe('closeReceiver', () => {
  const opened: Array<{ server: Server; agent: Agent }> = [];
  afterEach(() => {
    for (const { server, agent } of opened.splice(0)) {
      server.closeAllConnections();
      agent.destroy();
    }
  });

  /** A server holding each request until the test answers it, and a keep-alive client with one request in it. */
  async function busyServer() {
    let received!: (response: ServerResponse) => void;
    const inFlight = new Promise<ServerResponse>((resolve) => (received = resolve));
    const server = createServer((_request, response) => received(response));
    // Long enough that only the close can end the kept-alive connection within the test's timeout.
    server.keepAliveTimeout = 600_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent({ keepAlive: true });
    opened.push({ server, agent });
    const answer = new Promise<IncomingMessage | Error>((resolve) => {
      get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, agent }, resolve).on('error', resolve);
    });
    return { server, inFlight: await inFlight, answer };
  }

  it('ends a connection busy at the close once its answer is sent, without waiting for the grace', async () => {
    const { server, inFlight, answer } = await busyServer();
    const closed = closeReceiver(server, 600_000);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight.end('ok');
    const response = (await answer) as IncomingMessage;
    expect(response.statusCode).toBe(200);
    response.resume();
    await closed;
    expect(server.listening).toBe(false);
  });

  it('cuts a request still unanswered after the grace', async () => {
    const { server, answer } = await busyServer();
    await closeReceiver(server, 50);
    expect(await answer).toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('the receiver', () => {
  const TOKEN = 'receiver-test-token-0123456789';
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((server) => closeReceiver(server, 0))));

  async function receiver() {
    const metrics = createRemediationMetrics();
    const warn = jest.fn();
    const server = await startReceiver({
      host: '127.0.0.1',
      port: 0,
      bearerToken: TOKEN,
      maxBodyBytes: 1_000_000,
      metrics,
      updateGauges: () => undefined,
      log: { warn, info: jest.fn(), error: jest.fn() } as unknown as Logger,
      handle: () => Promise.resolve([]),
      recentActions: () => [],
      health: () => ({}),
    });
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, metrics, warn };
  }

  it('counts and logs the alerts Alertmanager left out of a notification (max_alerts)', async () => {
    const { url, metrics, warn } = await receiver();
    const alert = { status: 'firing', labels: {}, startsAt: '2026-12-05T10:00:00Z', fingerprint: 'f1' };
    const response = await fetch(`${url}/webhook`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        version: '4',
        groupKey: 'g',
        truncatedAlerts: 3,
        status: 'firing',
        receiver: 'r',
        alerts: [alert],
      }),
    });
    expect(response.status).toBe(200);
    expect(metrics.render()).toContain('vigil_remediation_truncated_alerts_total 3');
    expect(warn).toHaveBeenCalledWith(
      { groupKey: 'g', truncatedAlerts: 3, received: 1 },
      'Alertmanager left 3 alerts out of the notification (max_alerts of the webhook config): no activity sees them'
    );
  });

  it('answers 405 naming the allowed methods on a known path, HEAD as GET, 404 elsewhere', async () => {
    const { url } = await receiver();
    const answer = async (method: string, path: string) => {
      const response = await fetch(`${url}${path}`, { method });
      await response.arrayBuffer();
      return [response.status, response.headers.get('allow')];
    };
    expect(await answer('GET', '/webhook')).toEqual([405, 'POST']);
    expect(await answer('DELETE', '/metrics')).toEqual([405, 'GET, HEAD']);
    expect(await answer('POST', '/api/v1/actions')).toEqual([405, 'GET, HEAD']);
    expect(await answer('HEAD', '/healthz')).toEqual([200, null]);
    expect(await answer('GET', '/nowhere')).toEqual([404, null]);
  });
});
