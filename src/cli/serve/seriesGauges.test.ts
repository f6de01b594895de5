import pino from 'pino';
import { PrometheusClient } from '../../clients';
import { type FakeAnswer, fakeFetch } from '../../clients/fakeFetch';
import { createRunMetrics, declareOutboxGauge, declareSeriesGauges } from '../metrics/vigilMetrics';
import { detectRun } from '../run/detectRun';
import { engineAdapter } from '../run/engineAdapter';
import { SeriesGauges } from './seriesGauges';
import { loadDetectorTestConfig } from '../run/loadDetectorTestConfig';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);

/** A query_range answer in which each series has a sample per minute up to its last one (none: not returned). */
function answer(url: string, lastSample: Record<string, number | undefined>): string {
  const params = new URL(url).searchParams;
  const [start, end] = ['start', 'end'].map((name) => Number(params.get(name)) * 1000);
  const result = Object.entries(lastSample)
    .map(([instance, last]) => {
      const values: Array<[number, string]> = [];
      for (let t = start; t <= Math.min(end, last ?? -Infinity); t += MINUTE) {
        values.push([t / 1000, String(50 + Math.sin(t / 3_600_000))]);
      }
      return { metric: { __name__: 'load', instance }, values };
    })
    .filter((series) => series.values.length > 0);
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

/** Runs of one detector over a fake Prometheus, each feeding serve's gauges as `vigil serve` does. */
function servedRuns() {
  const { config } = loadDetectorTestConfig('seasonal_baseline');
  const registry = createRunMetrics();
  declareOutboxGauge(registry);
  declareSeriesGauges(registry);
  const gauges = new SeriesGauges(registry);
  return {
    async run(nowMs: number, prometheus: Record<string, number | undefined> | 'down'): Promise<string> {
      const fake = fakeFetch((call): FakeAnswer =>
        prometheus === 'down' ? 'network-error' : { status: 200, body: answer(call.url, prometheus) }
      );
      await detectRun({
        config,
        shard: { index: 0, count: 1 },
        log: pino({ level: 'silent' }),
        engine: engineAdapter,
        clients: {
          prometheus: new PrometheusClient({ baseUrl: 'http://prom.test', fetch: fake.fetch, retry: { attempts: 1 } }),
          prometheusTarget: 'prom.test',
        },
        nowMs,
        servedMetrics: registry,
        onScored: (spec, scored) => gauges.scored(spec.id, scored),
        onDetectorDone: (spec, returned) => gauges.settle(spec.id, returned),
      });
      return registry.render();
    },
  };
}

const score = (text: string, instance: string) =>
  new RegExp(`\\nvigil_anomaly_score\\{instance="${instance}",metric="load",vigil_detector="load"\\} (\\S+)\\n`).exec(
    text
  )?.[1];

describe('SeriesGauges', () => {
  it('keeps the gauges of a series the query still returns without a new point, and drops those it no longer returns', async () => {
    const runs = servedRuns();
    const first = await runs.run(NOW, { a: NOW, b: NOW });
    expect(score(first, 'a')).toBeDefined();
    const bScore = score(first, 'b');
    expect(bScore).toBeDefined();

    // Runs more often than the step: a has a new point, b not yet.
    const second = await runs.run(NOW + MINUTE, { a: NOW + MINUTE, b: NOW });
    expect(score(second, 'b')).toBe(bScore);
    expect(second).toContain('\nvigil_expected_upper{instance="b",metric="load",vigil_detector="load"} ');

    const third = await runs.run(NOW + 2 * MINUTE, { a: NOW + 2 * MINUTE, b: undefined });
    expect(score(third, 'a')).toBeDefined();
    expect(third).not.toContain('instance="b"');
  });

  it('drops every gauge of a detector whose run failed', async () => {
    const runs = servedRuns();
    expect(score(await runs.run(NOW, { a: NOW, b: NOW }), 'a')).toBeDefined();
    const down = await runs.run(NOW + MINUTE, 'down');
    expect(down).not.toMatch(/\nvigil_(anomaly_score|expected_value|expected_lower|expected_upper)\{/);
  });
});
