import { type Alert } from '../alerting/alert';
import { parseMatchers } from '../alerting/matchers';
import { AlertDeliveryError, AlertmanagerClient } from './alertmanager';
import { fakeFetch } from './fakeFetch';
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
});
