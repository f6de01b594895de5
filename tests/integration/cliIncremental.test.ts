import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PrometheusClient } from '../../src/clients';
import { createDetector } from '../../src/engine';
import type { Series } from '../../src/engine/series';
import { loadConfig } from '../../src/cli/config/loadConfig';
import { createRunClients } from '../../src/cli/run/clients';
import { detectRun, type RunReport } from '../../src/cli/run/detectRun';
import { engineAdapter } from '../../src/cli/run/engineAdapter';
import { fetchSeriesGrid } from '../../src/cli/run/seriesGrid';
import { sliceSeries } from '../../src/cli/run/seriesPoints';
import { upperBound } from '../../src/engine/util/sortedSearch';
import { type ServerHandle, startPrometheus, startPushgateway } from '../stack';
import { writeConfigFile } from './configFile';

const MINUTE = 60_000;
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
const HISTORY_MINUTES = 12 * 60;
const METRIC = 'vigil_incremental_test';
/** `flaky` has no samples in [T0 - 270m, T0 - 60m): longer than the state TTL of an hour. */
const GAP = [T0 - 270 * MINUTE, T0 - 60 * MINUTE];

function series(instance: string, phase: number): Series {
  const times: number[] = [];
  for (let i = HISTORY_MINUTES; i >= 0; i--) {
    const t = T0 - i * MINUTE;
    if (instance !== 'flaky' || t < GAP[0] || t >= GAP[1]) {
      times.push(t);
    }
  }
  const timestamps = Float64Array.from(times);
  const values = Float64Array.from(
    timestamps,
    (t) => 50 + 10 * Math.sin((2 * Math.PI * t) / (3 * 60 * MINUTE) + phase) + 2 * Math.sin(t / 7_919 + phase)
  );
  return { labels: { __name__: METRIC, instance, job: 'incremental' }, timestamps, values };
}

const INSTANCES = ['s0', 's1', 's2', 's3', 's4', 's5', 'flaky'];
const HISTORY = INSTANCES.map((instance, index) => series(instance, index));
const SHORT_METRIC = 'vigil_short_series_test';
/** Three series with the whole history, and `short` with its last 40 minutes only: fewer points than min_points. */
const SHORT_HISTORY = ['l0', 'l1', 'l2', 'short'].map((instance, index) => {
  const one = series(instance, index);
  const from = instance === 'short' ? one.timestamps.indexOf(T0 - 40 * MINUTE) : 0;
  return { ...sliceSeries(one, from), labels: { ...one.labels, __name__: SHORT_METRIC } };
});

let prometheus: ServerHandle;
let pushgateway: ServerHandle;

beforeAll(async () => {
  [prometheus, pushgateway] = await Promise.all([
    startPrometheus({ history: [...HISTORY, ...SHORT_HISTORY] }),
    startPushgateway(),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([prometheus, pushgateway].filter(Boolean).map((server) => server.stop()));
});

function writeConfig(dir: string, query = METRIC): string {
  return writeConfigFile(dir, {
    prometheus_url: prometheus.url,
    pushgateway_url: pushgateway.url,
    model_path: join(dir, 'state'),
    run_interval_seconds: 300,
    state_ttl: '1h',
    min_points: 120,
    // Drift and anomaly-count refits are policies of their own: off, so only state decides.
    drift_detection: false,
    retrain_after_anomalies: 100_000,
    detectors: [
      {
        id: 'inc',
        name: 'Incremental',
        query,
        step: '1m',
        trainingWindow: '6h',
        scoringWindow: '30m',
        model: { kind: 'isolation_forest' },
      },
    ],
  });
}

interface Scored {
  instance: string;
  timestamps: Float64Array;
  scores: Float64Array;
}

async function run(
  file: string,
  nowMs: number,
  shard = { index: 0, count: 1 }
): Promise<{ report: RunReport; scored: Scored[]; logs: Array<Record<string, unknown>> }> {
  const config = loadConfig(file, { env: {} });
  const logs: Array<Record<string, unknown>> = [];
  const scored: Scored[] = [];
  const report = await detectRun({
    config,
    shard,
    log: pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) }),
    engine: engineAdapter,
    clients: createRunClients(config),
    nowMs,
    onScored: (_spec, { series, result }) =>
      scored.push({ instance: series.labels.instance, timestamps: result.timestamps, scores: result.scores }),
  });
  expect(report.errors).toEqual([]);
  return { report, scored, logs };
}

function storedSeries(dir: string, file: string): string[] {
  return readFileSync(join(dir, 'state', 'detectors', file), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => (JSON.parse(line) as { key: string }).key);
}

describe('incremental vigil detect against a real Prometheus', () => {
  it('reads only the new samples in a second run, as the pushed vigil_run_samples_read shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incremental-'));
    const file = writeConfig(dir);
    const first = await run(file, T0 - 30 * MINUTE);
    expect(first.report.detectors[0]).toMatchObject({ seriesScored: 7, refitted: 7 });
    // The first run reads the training window and the scoring window of every series.
    expect(first.report.detectors[0].samplesRead).toBeGreaterThan(7 * 6 * 60);

    const second = await run(file, T0);
    expect(second.report.detectors[0]).toMatchObject({ seriesScored: 7, restored: 7, refitted: 0 });
    const newSamples = 7 * 30;
    expect(second.report.detectors[0].samplesRead).toBe(newSamples);
    const metrics = await (await fetch(`${pushgateway.url}/metrics`)).text();
    const pushed = /vigil_run_samples_read\{instance="",job="vigil",shard="0",vigil_detector="inc"\} (\d+)/.exec(
      metrics
    );
    expect(Number(pushed?.[1])).toBe(newSamples);
  }, 120_000);

  it('reads only the new samples run after run with a series too short to fit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incremental-'));
    const file = writeConfig(dir, SHORT_METRIC);
    const first = await run(file, T0 - 30 * MINUTE);
    expect(first.report.detectors[0]).toMatchObject({ seriesScored: 3, refitted: 3, skipped: 1 });
    for (const at of [T0 - 15 * MINUTE, T0]) {
      const { report } = await run(file, at);
      expect(report.detectors[0]).toMatchObject({ seriesScored: 3, restored: 3, refitted: 0, skipped: 1 });
      // From two steps before the last point scored: 17 samples of each series, `short` included.
      expect(report.detectors[0].samplesRead).toBe(4 * 17);
    }
  }, 120_000);

  it('continues the scores of restarted runs exactly as one uninterrupted detector scores them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incremental-'));
    const file = writeConfig(dir);
    const byInstance = new Map<string, Map<number, number>>();
    for (const minutesBefore of [50, 41, 29, 17, 3, 0]) {
      for (const { instance, timestamps, scores } of (await run(file, T0 - minutesBefore * MINUTE)).scored) {
        const points = byInstance.get(instance) ?? new Map<number, number>();
        timestamps.forEach((t, i) => {
          expect(points.has(t)).toBe(false);
          points.set(t, scores[i]);
        });
        byInstance.set(instance, points);
      }
    }

    const spec = loadConfig(file, { env: {} }).detectors[0];
    const windowStart = T0 - 80 * MINUTE;
    const client = new PrometheusClient({ baseUrl: prometheus.url });
    const grid = await fetchSeriesGrid(
      (query, from, to, step) => client.queryRange(query, from, to, step),
      METRIC,
      windowStart - 6 * 60 * MINUTE,
      T0,
      MINUTE
    );
    let compared = 0;
    for (const current of grid.filter((item) => item.labels.instance !== 'flaky')) {
      const detector = createDetector(spec);
      const split = upperBound(current.timestamps, windowStart);
      detector.fit(sliceSeries(current, 0, split));
      const rest = sliceSeries(current, split);
      const reference = detector.score(rest);
      const points = byInstance.get(current.labels.instance)!;
      expect(points.size).toBe(rest.timestamps.length);
      rest.timestamps.forEach((t, i) => {
        expect(Object.is(points.get(t), reference.scores[i])).toBe(true);
        compared++;
      });
    }
    expect(compared).toBe(6 * 80);
  }, 120_000);

  it('drops the state of a series gone for longer than state_ttl and fits it afresh when it returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incremental-'));
    const file = writeConfig(dir);
    const reports: Array<{ at: number; report: RunReport; logs: Array<Record<string, unknown>> }> = [];
    for (let at = T0 - 300 * MINUTE; at <= T0; at += 30 * MINUTE) {
      const { report, logs } = await run(file, at);
      reports.push({ at, report, logs });
    }
    const dropped = reports.find(({ logs }) =>
      logs.some((line) => line.msg === 'state dropped for series not seen within state_ttl')
    );
    // Its last sample is at T0 - 271m; Prometheus's 5-minute lookback carries it to T0 - 266m, the last point
    // scored. 56 minutes later (T0 - 210m) the state is kept, 86 minutes later (T0 - 180m) it is dropped.
    expect(dropped?.at).toBe(T0 - 180 * MINUTE);
    const back = reports.find(({ at }) => at === T0 - 60 * MINUTE)!;
    expect(back.report.detectors[0]).toMatchObject({ seriesScored: 7, refitted: 1, restored: 6 });
    const inGap = reports.find(({ at }) => at === T0 - 120 * MINUTE)!;
    expect(inGap.report.detectors[0]).toMatchObject({ seriesScored: 6, refitted: 0, restored: 6 });
    expect(reports.at(-1)!.report.detectors[0]).toMatchObject({ seriesScored: 7, refitted: 0, restored: 7 });
    expect(storedSeries(dir, 'inc.jsonl')).toHaveLength(7);
  }, 120_000);

  it('scores every series exactly once when the shard count changes, each new shard fitting what it lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-incremental-'));
    const file = writeConfig(dir);
    const all = INSTANCES.slice().sort();
    expect((await run(file, T0 - 40 * MINUTE)).report.detectors[0]).toMatchObject({ seriesScored: 7 });
    for (const [count, at] of [
      [2, T0 - 20 * MINUTE],
      [3, T0 - 10 * MINUTE],
      [3, T0],
    ]) {
      const seen: string[] = [];
      let refitted = 0;
      for (let index = 0; index < count; index++) {
        const { report, scored } = await run(file, at, { index, count });
        seen.push(...new Set(scored.map((item) => item.instance)));
        refitted += report.detectors[0].refitted;
        if (count > 1) {
          expect(storedSeries(dir, `inc.shard-${index}-of-${count}.jsonl`).length).toBe(
            report.detectors[0].seriesScored
          );
        }
      }
      expect(seen.sort()).toEqual(all);
      // A new layout fits every series once (no state of its own yet); the same layout again restores them.
      expect(refitted).toBe(at === T0 ? 0 : 7);
    }
  }, 120_000);
});
