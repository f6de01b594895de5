import {
  alignToGrid,
  ClientError,
  PrometheusClient,
  PushgatewayClient,
  RejectedRequestError,
  type FetchLike,
} from '../../src/clients';
import type { Series } from '../../src/engine/series';
import { DEMO_END_MS, generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import path from 'node:path';
import { BINARIES, binaryVersion, requireBinary } from '../stack/binaries';
import { type ServerHandle, stackUrls, startPrometheus } from '../stack';
import { launchServer, makeTempDir } from '../stack/serverProcess';

const MINUTE = 60_000;
const LOOKBACK = 5 * MINUTE;

/** Counts requests on their way to the real server. */
function countingFetch(): { fetch: FetchLike; count: () => number } {
  let calls = 0;
  return {
    fetch: (input, init) => {
      calls++;
      return fetch(input, init);
    },
    count: () => calls,
  };
}

/** What Prometheus 2.x returns at each grid time: the newest sample at most 5 minutes old. */
function expectedOnGrid(series: Series, startMs: number, endMs: number, stepMs: number): Array<[number, number]> {
  const expected: Array<[number, number]> = [];
  let next = 0;
  for (let t = startMs; t <= endMs; t += stepMs) {
    while (next < series.timestamps.length && series.timestamps[next] <= t) {
      next++;
    }
    const last = next - 1;
    if (last >= 0 && t - series.timestamps[last] <= LOOKBACK) {
      expected.push([t, series.values[last]]);
    }
  }
  return expected;
}

function pairs(series: Series | undefined): Array<[number, number]> {
  return series ? Array.from(series.timestamps, (t, i): [number, number] => [t, series.values[i]]) : [];
}

describe('PrometheusClient against the shared stack', () => {
  const demo = generateServerMetrics();
  const first = demo[0].timestamps[0];
  const last = demo[0].timestamps[demo[0].timestamps.length - 1];

  it('returns exactly the backfilled demo history through many chunks', async () => {
    const counting = countingFetch();
    const client = new PrometheusClient({
      baseUrl: stackUrls().prometheus,
      fetch: counting.fetch,
      maxPointsPerChunk: 1_000,
    });
    const series = await client.queryRange('{job="vigil-demo"}', first, last, MINUTE);
    expect(counting.count()).toBe(11);
    expect(series).toHaveLength(demo.length);
    for (const original of demo) {
      const fetched = series.find(
        (one) => one.labels.__name__ === original.labels.__name__ && one.labels.instance === original.labels.instance
      );
      expect(fetched?.labels).toEqual(original.labels);
      expect(Array.from(fetched?.timestamps ?? [])).toEqual(Array.from(original.timestamps));
      expect(Array.from(fetched?.values ?? [])).toEqual(Array.from(original.values));
    }
  });

  it('answers instant queries, NaN and infinities included', async () => {
    const client = new PrometheusClient({ baseUrl: stackUrls().prometheus });
    const [cpu] = await client.query('demo_cpu_utilisation', DEMO_END_MS);
    expect(cpu.value).toBe(demo[0].values[demo[0].values.length - 1]);
    expect(cpu.timestamp).toBe(DEMO_END_MS);
    const special = await client.query(
      'label_replace(vector(0) / 0, "kind", "nan", "", "") or label_replace(vector(1) / 0, "kind", "inf", "", "") or label_replace(vector(-1) / 0, "kind", "minus_inf", "", "")',
      DEMO_END_MS
    );
    expect(Object.fromEntries(special.map((sample) => [sample.labels.kind, sample.value]))).toEqual({
      nan: Number.NaN,
      inf: Infinity,
      minus_inf: -Infinity,
    });
    await expect(client.query('scalar(vector(2.5))', DEMO_END_MS)).resolves.toEqual([
      { labels: {}, timestamp: DEMO_END_MS, value: 2.5 },
    ]);
  });

  it('lists series, label names and label values', async () => {
    const client = new PrometheusClient({ baseUrl: stackUrls().prometheus });
    const series = await client.series(['{job="vigil-demo", scenario="spike"}'], first, last);
    expect(series).toEqual([demo[1].labels]);
    expect(await client.labels(['{job="vigil-demo"}'], first, last)).toEqual([
      '__name__',
      'instance',
      'job',
      'scenario',
    ]);
    expect(await client.labelValues('scenario', ['{job="vigil-demo"}'], first, last)).toEqual([
      'flapping',
      'level_shift',
      'normal',
      'outage',
      'slow_leak',
      'spike',
    ]);
  });

  it('returns no series for a query that matches nothing', async () => {
    const client = new PrometheusClient({ baseUrl: stackUrls().prometheus });
    await expect(client.queryRange('no_such_metric_anywhere', first, last, MINUTE)).resolves.toEqual([]);
  });

  it('quotes Prometheus on bad PromQL', async () => {
    const client = new PrometheusClient({ baseUrl: stackUrls().prometheus });
    const error = await client.queryRange('rate(demo_cpu_utilisation[5m', first, last, MINUTE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedRequestError);
    expect((error as Error).message).toMatch(
      /^Prometheus rejected "rate\(demo_cpu_utilisation\[5m" \(HTTP 400\): bad_data: .*parse error/
    );
  });

  it('ends a series at a staleness marker instead of stretching it over the lookback window', async () => {
    const { prometheus, pushgateway } = stackUrls();
    const client = new PrometheusClient({ baseUrl: prometheus });
    const gateway = new PushgatewayClient({ baseUrl: pushgateway });
    const group = { instance: `stale-${process.pid}-${Date.now()}` };
    const metric = `vigil_clients_stale_test{instance="${group.instance}"}`;
    const visible = async () => (await client.query(metric)).length > 0;
    const waitFor = async (want: boolean) => {
      const deadline = Date.now() + 15_000;
      while ((await visible()) !== want) {
        if (Date.now() > deadline) {
          throw new Error(`${metric} did not become ${want ? 'visible' : 'stale'} in Prometheus within 15 s`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const started = Date.now();
    await gateway.push('vigil_clients_test', group, 'vigil_clients_stale_test 1\n');
    await waitFor(true);
    await gateway.deleteGroup('vigil_clients_test', group);
    await waitFor(false);
    const goneAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await gateway.push('vigil_clients_test', group, 'vigil_clients_stale_test 2\n');
    await waitFor(true);
    // A few more scrapes, so the range's last grid points are certainly after the first sample of 2.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const end = Date.now();

    const step = 250;
    const startMs = Math.floor(started / 1000) * 1000;
    const [series] = await client.queryRange(metric, startMs, end, step);
    const aligned = alignToGrid(series, startMs, startMs + Math.floor((end - startMs) / step) * step, step);
    const values = Array.from(aligned.values);
    const firstTwo = values.indexOf(2);
    const lastOne = values.lastIndexOf(1);
    expect(lastOne).toBeGreaterThanOrEqual(0);
    expect(firstTwo).toBeGreaterThan(lastOne);
    // Between the last 1 and the first 2 the series is absent (the marker), not carried forward for 5 minutes.
    expect(values.slice(lastOne + 1, firstTwo).every(Number.isNaN)).toBe(true);
    expect(aligned.timestamps[firstTwo] - aligned.timestamps[lastOne]).toBeGreaterThan(1_000);
    expect(aligned.timestamps[lastOne]).toBeLessThanOrEqual(goneAt);
  }, 40_000);
});

describe('PrometheusClient against its own Prometheus', () => {
  const start = Date.UTC(2025, 11, 1);
  const points = 25_000;
  const steady: Series = {
    labels: { __name__: 'vigil_clients_long', instance: 'steady' },
    timestamps: Float64Array.from({ length: points }, (_, i) => start + i * MINUTE),
    values: Float64Array.from({ length: points }, (_, i) => Math.sin(i / 100) * 1e3 + i / 7),
  };
  // Present only in two windows, with samples 30 s off the query grid: it appears and disappears across chunk borders.
  const churnIndexes = [
    ...Array.from({ length: 3_000 }, (_, i) => 10_500 + i),
    ...Array.from({ length: 1_000 }, (_, i) => 21_900 + i),
  ];
  const churn: Series = {
    labels: { __name__: 'vigil_clients_long', instance: 'churn' },
    timestamps: Float64Array.from(churnIndexes, (i) => start + i * MINUTE + 30_000),
    values: Float64Array.from(churnIndexes, (i) => i),
  };
  const end = start + (points - 1) * MINUTE;
  let prometheus: ServerHandle;

  beforeAll(async () => {
    prometheus = await startPrometheus({ history: [steady, churn] });
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('is refused by Prometheus in one request, so chunking is needed', async () => {
    const params = new URLSearchParams({
      query: 'vigil_clients_long',
      start: String(start / 1000),
      end: String(end / 1000),
      step: '60',
    });
    const response = await fetch(`${prometheus.url}/api/v1/query_range?${params}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('exceeded maximum resolution of 11,000 points per timeseries');
  });

  it('fetches 25,000 points per series in 3 chunks under the limit, exactly, with series coming and going', async () => {
    const counting = countingFetch();
    const client = new PrometheusClient({ baseUrl: prometheus.url, fetch: counting.fetch });
    const series = await client.queryRange('vigil_clients_long', start, end, MINUTE);
    expect(counting.count()).toBe(3);
    const byInstance = new Map(series.map((one) => [one.labels.instance, one]));
    expect(pairs(byInstance.get('steady'))).toEqual(pairs(steady));
    expect(byInstance.get('churn')?.labels).toEqual(churn.labels);
    expect(pairs(byInstance.get('churn'))).toEqual(expectedOnGrid(churn, start, end, MINUTE));
  });

  it('keeps series that exist in only some chunks when a chunk is empty for them', async () => {
    const client = new PrometheusClient({ baseUrl: prometheus.url, maxPointsPerChunk: 5_000 });
    const series = await client.queryRange('vigil_clients_long{instance="churn"}', start, end, MINUTE);
    expect(series).toHaveLength(1);
    expect(pairs(series[0])).toEqual(expectedOnGrid(churn, start, end, MINUTE));
  });

  it('fails with a clear error when Prometheus is too slow, then when it is gone', async () => {
    const slow = new PrometheusClient({
      baseUrl: prometheus.url,
      timeoutMs: 300,
      retry: { attempts: 2, baseDelayMs: 50 },
    });
    process.kill(prometheus.pid, 'SIGSTOP');
    try {
      const error = (await slow.query('vector(1)').catch((e: unknown) => e)) as ClientError;
      expect(error).toBeInstanceOf(ClientError);
      expect(error.message).toBe(
        `Prometheus query (${prometheus.url}/api/v1/query): no response within 300 ms (gave up after 2 attempts)`
      );
    } finally {
      process.kill(prometheus.pid, 'SIGCONT');
    }
    await prometheus.stop();
    const gone = new PrometheusClient({
      baseUrl: prometheus.url,
      timeoutMs: 1_000,
      deadlineMs: 3_000,
      retry: { attempts: 4, baseDelayMs: 100 },
    });
    const error = (await gone
      .queryRange('vigil_clients_long', start, end, MINUTE)
      .catch((e: unknown) => e)) as ClientError;
    expect(error).toBeInstanceOf(ClientError);
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      `Prometheus query_range (${prometheus.url}/api/v1/query_range): cannot connect (ECONNREFUSED) (gave up after 4 attempts)`
    );
  }, 20_000);
});

describe('PrometheusClient against a Prometheus with a small --query.max-samples', () => {
  let prometheus: ServerHandle;

  beforeAll(async () => {
    const tempDir = await makeTempDir('prometheus');
    const dataDir = path.join(tempDir, 'data');
    prometheus = await launchServer({
      name: 'prometheus',
      binary: requireBinary(BINARIES.prometheus),
      version: binaryVersion(BINARIES.prometheus),
      tempDir,
      dataDir,
      args: (listenAddress) => [
        `--storage.tsdb.path=${dataDir}`,
        `--web.listen-address=${listenAddress}`,
        '--query.max-samples=3000',
        '--config.file=/dev/null',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('halves chunks that load too many samples until each fits, and returns every point', async () => {
    const start = Date.UTC(2026, 0, 1);
    const end = start + 9_999 * MINUTE;
    const counting = countingFetch();
    const client = new PrometheusClient({ baseUrl: prometheus.url, fetch: counting.fetch });
    const [series] = await client.queryRange('vector(1)', start, end, MINUTE);
    expect(series.timestamps).toHaveLength(10_000);
    expect(series.timestamps[0]).toBe(start);
    expect(series.timestamps[9_999]).toBe(end);
    expect(series.values.every((value) => value === 1)).toBe(true);
    // Limit 3,000 samples: 10,000 points refused, 2 x 5,000 refused, 4 x 2,500 accepted.
    expect(counting.count()).toBe(7);
  });
});
