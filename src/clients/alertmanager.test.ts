import { type Alert } from '../alerting/alert';
import { parseMatchers } from '../alerting/matchers';
import { AlertDeliveryError, AlertmanagerClient } from './alertmanager';
import { type FakeAnswer, fakeFetch } from './fakeFetch';
import { grafanaAlertmanagerUrl } from './grafana';

function alert(i: number): Alert {
  return {
    labels: { alertname: 'VigilAnomaly', i: String(i) },
    annotations: {},
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2026-01-01T00:15:00.000Z',
    generatorURL: '',
  };
}

describe('AlertmanagerClient', () => {
  it('posts in batches and reports how many went out before a batch failed', async () => {
    const fake = fakeFetch([
      { status: 200 },
      { status: 200 },
      { status: 400, body: '{"code":400,"message":"start time must be before end time"}' },
    ]);
    const client = new AlertmanagerClient({ baseUrl: 'http://am.test', fetch: fake.fetch, batchSize: 2 });
    const error = (await client
      .postAlerts([0, 1, 2, 3, 4, 5].map(alert))
      .catch((e: unknown) => e)) as AlertDeliveryError;
    expect(error).toBeInstanceOf(AlertDeliveryError);
    expect(error.delivered).toBe(4);
    expect(error.message).toBe(
      'Alertmanager post alerts (http://am.test/api/v2/alerts) answered HTTP 400: start time must be before end time (4 of 6 alerts delivered)'
    );
    expect(fake.calls.map((call) => JSON.parse(String(call.init.body)).length)).toEqual([2, 2, 2]);
  });

  it("sends filters and state flags as Alertmanager expects them, under Grafana's prefix too", async () => {
    const fake = fakeFetch([{ status: 200, body: '[]' }]);
    const client = new AlertmanagerClient({
      baseUrl: grafanaAlertmanagerUrl('http://grafana.test/', 'alertmanager'),
      fetch: fake.fetch,
      auth: { type: 'bearer', token: 'glsa_x' },
    });
    await client.getAlerts({
      matchers: [...parseMatchers('{alertname="VigilAnomaly"}'), 'instance=~"web-.*"'],
      silenced: false,
      inhibited: false,
    });
    const url = new URL(fake.calls[0].url);
    expect(url.pathname).toBe('/api/alertmanager/alertmanager/api/v2/alerts');
    expect(url.searchParams.getAll('filter')).toEqual(['alertname="VigilAnomaly"', 'instance=~"web-.*"']);
    expect(url.searchParams.get('silenced')).toBe('false');
    expect(url.searchParams.has('active')).toBe(false);
    expect((fake.calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer glsa_x');
  });

  it('creates a silence from matchers and times, and rejects a bad time before sending', async () => {
    const fake = fakeFetch([{ status: 200, body: '{"silenceID":"abc"}' }]);
    const client = new AlertmanagerClient({ baseUrl: 'http://am.test', fetch: fake.fetch });
    const start = Date.UTC(2026, 0, 1);
    const id = await client.createSilence({
      matchers: parseMatchers('a!~"b"'),
      startsAt: start,
      endsAt: new Date(start + 3_600_000),
      createdBy: 'me',
      comment: 'why',
    });
    expect(id).toBe('abc');
    expect(JSON.parse(String(fake.calls[0].init.body))).toEqual({
      matchers: [{ name: 'a', value: 'b', isRegex: true, isEqual: false }],
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2026-01-01T01:00:00.000Z',
      createdBy: 'me',
      comment: 'why',
    });
    await expect(
      client.createSilence({ matchers: [], startsAt: 'soon', endsAt: 0, createdBy: '', comment: '' })
    ).rejects.toThrow('silence startsAt: "soon" is not a valid time');
    expect(fake.calls).toHaveLength(1);
  });

  it('names the endpoint when a response has the wrong shape', async () => {
    const fake = fakeFetch([{ status: 200, body: '[{"labels":{}}]' }]);
    const client = new AlertmanagerClient({ baseUrl: 'http://am.test', fetch: fake.fetch });
    await expect(client.getAlerts()).rejects.toThrow(
      /^Alertmanager list alerts \(http:\/\/am.test\/api\/v2\/alerts\): unexpected response at 0\.startsAt/
    );
  });

  describe('creating a silence when the outcome is unknown', () => {
    const start = Date.UTC(2026, 0, 1);
    const wanted = {
      matchers: parseMatchers('{alertname="VigilAnomaly", instance="web-1"}'),
      startsAt: start,
      endsAt: start + 3_600_000,
      createdBy: 'vigil',
      comment: 'deploy',
    };
    const stored = (id: string, overrides: Record<string, unknown> = {}) => ({
      id,
      status: { state: 'active' },
      matchers: [
        { name: 'instance', value: 'web-1', isRegex: false, isEqual: true },
        { name: 'alertname', value: 'VigilAnomaly', isRegex: false, isEqual: true },
      ],
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2026-01-01T01:00:00.000Z',
      createdBy: 'vigil',
      comment: 'deploy',
      ...overrides,
    });
    const amAnswering = (create: FakeAnswer, silences: unknown[]) =>
      fakeFetch((call) => (call.init.method === 'POST' ? create : { status: 200, body: JSON.stringify(silences) }));
    const clientOf = (fake: ReturnType<typeof fakeFetch>) =>
      new AlertmanagerClient({ baseUrl: 'http://am.test', fetch: fake.fetch, timeoutMs: 10, sleep: async () => {} });

    it('posts once after a timeout and returns the id of the silence Alertmanager did create', async () => {
      const fake = amAnswering('hang', [stored('other', { comment: 'someone else' }), stored('made')]);
      await expect(clientOf(fake).createSilence(wanted)).resolves.toBe('made');
      expect(fake.calls.map((call) => call.init.method)).toEqual(['POST', 'GET']);
    });

    it('says the outcome was unknown and no such silence exists when none matches', async () => {
      const fake = amAnswering({ status: 502 }, [
        stored('expired', { status: { state: 'expired' } }),
        stored('alices', { createdBy: 'alice' }),
        stored('fewer', { matchers: [{ name: 'instance', value: 'web-1', isRegex: false, isEqual: true }] }),
      ]);
      await expect(clientOf(fake).createSilence(wanted)).rejects.toThrow(
        'Alertmanager create silence (http://am.test/api/v2/silences) answered HTTP 502; whether the silence was ' +
          'created is unknown; Alertmanager holds no active silence with these matchers, createdBy "vigil" and ' +
          'this comment, so it was not created'
      );
      expect(fake.calls.map((call) => call.init.method)).toEqual(['POST', 'GET']);
    });

    it('says so when the check fails too', async () => {
      const fake = fakeFetch(['connection-reset']);
      const error = (await clientOf(fake)
        .createSilence(wanted)
        .catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^Alertmanager create silence .*: cannot connect \(ECONNRESET\); whether the/);
      expect(error.message).toContain('checking Alertmanager for it failed too (Alertmanager list silences');
      expect(error.message).toContain('look for it among the active silences before creating it again');
      expect(fake.calls.filter((call) => call.init.method === 'POST')).toHaveLength(1);
    });

    it('neither checks nor hides a refusal: the silence was not created', async () => {
      const fake = amAnswering({ status: 400, body: '"bad matcher"' }, []);
      await expect(clientOf(fake).createSilence(wanted)).rejects.toThrow('answered HTTP 400: bad matcher');
      expect(fake.calls).toHaveLength(1);
    });
  });

  it('posts alerts again after a timeout: Alertmanager deduplicates them', async () => {
    const fake = fakeFetch((_, index) => (index === 0 ? 'hang' : { status: 200 }));
    const client = new AlertmanagerClient({ baseUrl: 'http://am.test', fetch: fake.fetch, timeoutMs: 10 });
    await client.postAlerts([alert(0)]);
    expect(fake.calls).toHaveLength(2);
  });
});
