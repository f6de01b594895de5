import type { Series } from '../../src/engine/series';
import { DEMO_END_MS, generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { type ServerHandle, stackUrls, startPrometheus } from '../stack';

import { eventually } from './eventually';

const MINUTE = 60_000;

// Real servers, child processes and scrapes take seconds on a busy machine; the waits inside are bounded.
jest.setTimeout(60_000);

interface PrometheusMatrix {
  status: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

interface AlertmanagerAlert {
  labels: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[] };
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(`${init?.method ?? 'GET'} ${url}: HTTP ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

async function promQuery(prometheusUrl: string, path: string, params: Record<string, string>) {
  return getJson<PrometheusMatrix>(`${prometheusUrl}${path}?${new URLSearchParams(params)}`);
}

const seconds = (ms: number) => String(ms / 1000);

describe('backfilled history in a real Prometheus', () => {
  // Whole minutes a day before now: old enough to be history, recent enough to be near real use.
  const start = Math.floor((Date.now() - 24 * 60 * MINUTE) / MINUTE) * MINUTE;
  const points = 120;
  const timestamps = Float64Array.from({ length: points }, (_, i) => start + i * MINUTE);
  const awkwardLabel = 'C:\\dir "quoted"\nsecond line';
  const history: Series[] = [
    {
      labels: { __name__: 'vigil_stack_test_value', instance: 'a', path: awkwardLabel },
      timestamps,
      values: Float64Array.from(timestamps, (_, i) => Math.sin(i / 7) * 123.456789 + i / 3),
    },
    {
      labels: { __name__: 'vigil_stack_test_value', instance: 'b', path: 'plain' },
      timestamps,
      values: Float64Array.from(timestamps, (_, i) => (i === 50 ? NaN : i * 1e-9 - 4.25)),
    },
    {
      labels: { __name__: 'vigil_stack_test_millis', instance: 'c' },
      timestamps: Float64Array.of(start + 1, start + 123, start + 999, start + 1_001),
      values: Float64Array.of(1, 2, 3, 4),
    },
  ];
  let prometheus: ServerHandle;

  beforeAll(async () => {
    prometheus = await startPrometheus({ history });
  });
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('returns every backfilled value at its exact timestamp from query_range', async () => {
    const body = await promQuery(prometheus.url, '/api/v1/query_range', {
      query: 'vigil_stack_test_value{instance="a"}',
      start: seconds(timestamps[0]),
      end: seconds(timestamps[points - 1]),
      step: '60',
    });
    expect(body.data.result).toHaveLength(1);
    const [series] = body.data.result;
    expect(series.metric).toEqual({ __name__: 'vigil_stack_test_value', instance: 'a', path: awkwardLabel });
    expect(series.values.map(([t]) => t * 1000)).toEqual(Array.from(timestamps));
    expect(series.values.map(([, v]) => Number(v))).toEqual(Array.from(history[0].values));
  });

  it('leaves NaN samples out as missing and keeps millisecond timestamps', async () => {
    const end = timestamps[points - 1];
    const body = await promQuery(prometheus.url, '/api/v1/query', {
      query: `{__name__=~"vigil_stack_test_.*", instance=~"b|c"}[${(end - start) / 1000 + 60}s]`,
      time: seconds(end),
    });
    const byInstance = new Map(body.data.result.map((series) => [series.metric.instance, series.values]));
    const raw = byInstance.get('b') ?? [];
    expect(raw).toHaveLength(points - 1);
    expect(raw.map(([t]) => Math.round(t * 1000))).toEqual(Array.from(timestamps).filter((_, i) => i !== 50));
    expect(raw.map(([, v]) => Number(v))).toEqual(Array.from(history[1].values).filter((v) => !Number.isNaN(v)));
    const millis = byInstance.get('c') ?? [];
    expect(millis.map(([t, v]) => [Math.round(t * 1000), Number(v)])).toEqual([
      [start + 1, 1],
      [start + 123, 2],
      [start + 999, 3],
      [start + 1_001, 4],
    ]);
  });
});

describe('the shared stack started by the jest global setup', () => {
  it('holds the built-in demo history with its exact values', async () => {
    const demo = generateServerMetrics();
    const { prometheus } = stackUrls();
    const at = [DEMO_END_MS - 3 * 24 * 60 * MINUTE, DEMO_END_MS];
    const body = await promQuery(prometheus, '/api/v1/query_range', {
      query: '{job="vigil-demo"}',
      start: seconds(at[0]),
      end: seconds(at[1]),
      step: seconds(at[1] - at[0]),
    });
    expect(body.data.result).toHaveLength(demo.length);
    for (const series of demo) {
      const stored = body.data.result.find(
        (candidate) =>
          candidate.metric.instance === series.labels.instance && candidate.metric.__name__ === series.labels.__name__
      );
      expect(stored?.metric).toEqual(series.labels);
      const expected = at.map((t) => [t / 1000, series.values[series.timestamps.indexOf(t)]]);
      expect(stored?.values.map(([t, v]) => [t, Number(v)])).toEqual(expected);
    }
  });

  it('scrapes what is pushed to the Pushgateway, which exposes it on /metrics', async () => {
    const { pushgateway, prometheus } = stackUrls();
    const instance = `push-${process.pid}-${Date.now()}`;
    const push = await fetch(`${pushgateway}/metrics/job/vigil_stack_test/instance/${instance}`, {
      method: 'PUT',
      body: '# TYPE vigil_stack_test_pushed gauge\nvigil_stack_test_pushed{phase="one"} 42.5\n',
    });
    expect(push.status).toBe(200);

    const exposed = await (await fetch(`${pushgateway}/metrics`)).text();
    expect(exposed).toContain(
      `vigil_stack_test_pushed{instance="${instance}",job="vigil_stack_test",phase="one"} 42.5`
    );

    const scraped = await eventually(
      () => promQuery(prometheus, '/api/v1/query', { query: `vigil_stack_test_pushed{instance="${instance}"}` }),
      (body) => body.data.result.length === 1,
      15_000
    );
    const [sample] = scraped.data.result as unknown as Array<{
      metric: Record<string, string>;
      value: [number, string];
    }>;
    expect(sample.metric).toMatchObject({ job: 'vigil_stack_test', instance, phase: 'one' });
    expect(sample.value[1]).toBe('42.5');
  });
});

describe('alerts and silences in a real Alertmanager', () => {
  const testId = `stack-test-${process.pid}-${Date.now()}`;
  const filter = () => new URLSearchParams({ filter: `vigil_test_id="${testId}"` });
  const listAlerts = () => getJson<AlertmanagerAlert[]>(`${stackUrls().alertmanager}/api/v2/alerts?${filter()}`);
  const stateOf = (alerts: AlertmanagerAlert[]) => alerts.map((alert) => alert.status.state);

  it('lists a posted alert, suppresses it under a silence, and activates it again when the silence expires', async () => {
    const { alertmanager } = stackUrls();
    const now = Date.now();
    const alert = {
      labels: { alertname: 'VigilStackTest', vigil_test_id: testId, severity: 'warning' },
      annotations: { summary: 'posted by tests/integration/stack.test.ts' },
      startsAt: new Date(now - MINUTE).toISOString(),
      endsAt: new Date(now + 60 * MINUTE).toISOString(),
    };
    const posted = await fetch(`${alertmanager}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([alert]),
    });
    expect(posted.status).toBe(200);

    const listed = await eventually(listAlerts, (alerts) => alerts.length === 1);
    expect(listed[0].labels).toEqual(alert.labels);
    expect(listed[0].status.state).toBe('active');

    const { silenceID } = await getJson<{ silenceID: string }>(`${alertmanager}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'vigil_test_id', value: testId, isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 30 * MINUTE).toISOString(),
        createdBy: 'stack.test.ts',
        comment: 'silence under test',
      }),
    });
    const silenced = await eventually(listAlerts, (alerts) => stateOf(alerts).join() === 'suppressed');
    expect(silenced[0].status.silencedBy).toEqual([silenceID]);

    const expired = await fetch(`${alertmanager}/api/v2/silence/${silenceID}`, { method: 'DELETE' });
    expect(expired.status).toBe(200);
    const active = await eventually(listAlerts, (alerts) => stateOf(alerts).join() === 'active');
    expect(active[0].status.silencedBy).toEqual([]);
  });
});
