import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PrometheusClient } from '../../src/clients';
import { loadConfig } from '../../src/cli/config/loadConfig';
import { createRunClients } from '../../src/cli/run/clients';
import { detectRun, type RunReport } from '../../src/cli/run/detectRun';
import { engineAdapter } from '../../src/cli/run/engineAdapter';
import { fetchSeriesGrid } from '../../src/cli/run/seriesGrid';
import { upperBound } from '../../src/engine/util/sortedSearch';
import { joinSeries, sliceJoined } from '../../src/engine/multivariate/joinSeries';
import { MultivariateDetector } from '../../src/engine/multivariate/multivariateDetector';
import type { Series } from '../../src/engine/series';
import { generateMultivariateMetrics, MULTIVARIATE_METRICS } from '../../src/engine/synthetic/multivariateMetrics';
import { type ServerHandle, startPrometheus } from '../stack';
import { buildCliForFile } from './deployCliBuild';
import { writeConfigFile } from './configFile';
import { runVigil } from './runVigil';

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const targets = generateMultivariateMetrics({ endMs: NOW });
/** A target that appeared 40 minutes before NOW: too short to fit at first (svc-1's recent values, relabelled). */
const SHORT = 'svc-short';
const shortMetrics = MULTIVARIATE_METRICS.map((metric) => {
  const series = targets[0].metrics[metric];
  const from = upperBound(series.timestamps, NOW - 41 * MINUTE);
  return {
    labels: { ...series.labels, instance: SHORT },
    timestamps: series.timestamps.subarray(from),
    values: series.values.subarray(from),
  };
});

const cli = buildCliForFile('vigil-cli-multivariate-build-');
let prometheus: ServerHandle;

/** A metric as a raw counter (`…_total`) whose per-second rate over each minute is the metric's value. */
function asCounter(series: Series): Series {
  let count = 0;
  return {
    labels: { ...series.labels, __name__: `${series.labels.__name__}_total` },
    timestamps: series.timestamps,
    values: Float64Array.from(series.values, (value) => (count += value * 60)),
  };
}

beforeAll(async () => {
  const metrics = [
    ...targets.flatMap((target) => MULTIVARIATE_METRICS.map((metric) => target.metrics[metric])),
    ...shortMetrics,
  ];
  prometheus = await startPrometheus({ history: [...metrics, ...metrics.map(asCounter)] });
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
});

const vigil = (args: string[]) => runVigil(cli(), args);

const QUERIES = { latency: 'demo_service_latency', errors: 'demo_service_errors', cpu: 'demo_service_cpu' };

/** The detector's queries by metric, the primary first: the gauges, or with `counter` their raw counters. */
function serviceQueries(counter = false): Record<string, string> {
  const queries = { traffic: 'demo_service_traffic', ...QUERIES };
  return Object.fromEntries(
    Object.entries(queries).map(([metric, query]) => [metric, counter ? `${query}_total` : query])
  );
}

/**
 * The service's four metrics joined by instance, trained on a day, scoring at most `scoringWindow`; the forest
 * unless a neural `kind` is named (trained briefly: this checks the state's round trip, not the network); with
 * `counter`, every query a raw counter.
 */
function serviceDetector(scoringWindow: string, kind?: string, counter = false) {
  const { traffic, ...queries } = serviceQueries(counter);
  return {
    id: 'service',
    name: 'Service health',
    query: traffic,
    step: '1m',
    trainingWindow: '1d',
    scoringWindow,
    counter,
    ...(kind ? { model: { kind, params: { epochs: 3, maxWindows: 128 } } } : {}),
    multivariate: { on: ['instance'], primary: 'traffic', queries },
  };
}

test('vigil detect joins four metrics by instance and flags what only their combination shows, naming the metric', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-mv-'));
  const file = writeConfigFile(dir, {
    prometheus_url: prometheus.url,
    model_path: join(dir, 'state'),
    output_csv: join(dir, 'scores.csv'),
    detectors: [serviceDetector('2d')],
  });
  const result = await vigil(['detect', '--config', file]);
  expect(result.code).toBe(0);
  const rows = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
  const anomalous = rows.filter((row) => row.split(',')[5] === '1');
  for (const target of targets.filter((one) => one.scenario !== 'none')) {
    const [start, end] = target.anomalyWindows[0];
    const inWindow = anomalous.filter((row) => {
      const time = Date.parse(row.split(',')[2]);
      return row.includes(`instance=""${target.instance}""`) && time >= start && time <= end + 15 * MINUTE;
    });
    expect({ target: target.instance, flagged: inWindow.length > 0 }).toEqual({
      target: target.instance,
      flagged: true,
    });
    expect(
      inWindow.some((row) =>
        row.includes(`Unusual combination for {instance=""${target.instance}""}: ${target.scenario}`)
      )
    ).toBe(true);
  }
  const targetsScored = new Set(rows.map((row) => /instance=""(svc-\d+)""/.exec(row)?.[1]));
  expect([...targetsScored].sort()).toEqual(targets.map((target) => target.instance).sort());
}, 180_000);

function incrementalConfig(dir: string, kind?: string, counter = false): string {
  return writeConfigFile(dir, {
    prometheus_url: prometheus.url,
    model_path: join(dir, 'state'),
    run_interval_seconds: 300,
    drift_detection: false,
    retrain_after_anomalies: 100_000,
    detectors: [serviceDetector('30m', kind, counter)],
  });
}

async function detectAt(file: string, nowMs: number) {
  const config = loadConfig(file, { env: {} });
  const scored = new Map<string, Map<number, number>>();
  const report: RunReport = await detectRun({
    config,
    shard: { index: 0, count: 1 },
    log: pino({ level: 'silent' }),
    engine: engineAdapter,
    clients: createRunClients(config),
    nowMs,
    onScored: (_spec, { series, result }) => {
      const points = scored.get(series.labels.instance) ?? new Map<number, number>();
      result.timestamps.forEach((time, i) => points.set(time, result.scores[i]));
      scored.set(series.labels.instance, points);
    },
  });
  expect(report.errors).toEqual([]);
  return { detector: report.detectors[0], scored };
}

describe('incremental multivariate runs', () => {
  it('read only the new samples of each metric once every target has a stored model or is too short to fit', async () => {
    const file = incrementalConfig(mkdtempSync(join(tmpdir(), 'vigil-mv-inc-')));
    const first = await detectAt(file, NOW - 30 * MINUTE);
    expect(first.detector).toMatchObject({ seriesScored: targets.length, refitted: targets.length, skipped: 1 });
    expect(first.detector.samplesRead).toBeGreaterThan(targets.length * 4 * 24 * 60);

    // The short target's 11 points cannot reach the 32 a fit needs before NOW - 9m: it waits, its history unread.
    const second = await detectAt(file, NOW);
    expect(second.detector).toMatchObject({
      seriesScored: targets.length,
      restored: targets.length,
      refitted: 0,
      skipped: 1,
    });
    // The 30 new minutes of four metrics per target, not their day of training data.
    expect(second.detector.samplesRead).toBe((targets.length + 1) * 4 * 30);
  }, 120_000);

  it.each([
    ['the forest', undefined, false],
    ['an autoencoder over joint windows (its window carried in the state)', 'autoencoder', false],
    [
      'raw counters (counter: true), each run reading the rate at its first new point from the overlap',
      undefined,
      true,
    ],
  ])(
    'continue the scores of restarted runs exactly as one uninterrupted detector scores them: %s',
    async (_name, kind, counter) => {
      const file = incrementalConfig(mkdtempSync(join(tmpdir(), 'vigil-mv-inc-')), kind, counter);
      const byTarget = new Map<string, Map<number, number>>();
      for (const minutesBefore of [45, 31, 17, 4, 0]) {
        for (const [instance, points] of (await detectAt(file, NOW - minutesBefore * MINUTE)).scored) {
          const all = byTarget.get(instance) ?? new Map<number, number>();
          for (const [time, score] of points) {
            expect(all.has(time)).toBe(false);
            all.set(time, score);
          }
          byTarget.set(instance, all);
        }
      }

      const spec = loadConfig(file, { env: {} }).detectors[0];
      const windowStart = NOW - 75 * MINUTE;
      const client = new PrometheusClient({ baseUrl: prometheus.url });
      const fetched = await Promise.all(
        Object.entries(serviceQueries(counter)).map(async ([metric, query]) => ({
          metric,
          series: await fetchSeriesGrid(
            (expr, from, to, step) => client.queryRange(expr, from, to, step),
            query,
            windowStart - 24 * 60 * MINUTE,
            NOW,
            MINUTE
          ),
        }))
      );
      let compared = 0;
      let scored = 0;
      for (const target of joinSeries(fetched, ['instance'], MINUTE, counter).joined.filter(
        (one) => one.labels.instance !== SHORT
      )) {
        const split = upperBound(target.timestamps, windowStart);
        const reference = MultivariateDetector.fit(spec, sliceJoined(target, 0, split)).score(
          sliceJoined(target, split, target.timestamps.length)
        );
        // What is scored is the metrics' values: a counter's rate, not its raw count.
        const traffic = targets.find((one) => one.instance === target.labels.instance)!.metrics.traffic;
        const at = upperBound(traffic.timestamps, reference.timestamps[0]) - 1;
        reference.values.forEach((value, i) => expect(value).toBeCloseTo(traffic.values[at + i], 6));
        const points = byTarget.get(target.labels.instance)!;
        expect(points.size).toBe(reference.timestamps.length);
        reference.timestamps.forEach((time, i) => {
          expect(Object.is(points.get(time), reference.scores[i])).toBe(true);
          compared++;
          scored += reference.scores[i] > 0 ? 1 : 0;
        });
      }
      expect(compared).toBe(targets.length * 75);
      expect(scored).toBeGreaterThan(compared / 2);
    },
    120_000
  );
});
