import { parseDetectorSpec, scoreCausally, seriesKey } from '../engine';
import { alertLoad } from '../engine/evaluation';
import { generateServerMetrics } from '../engine/synthetic/serverMetrics';
import type { ForecastModels } from '../engine/forecast/forecast';
import { forecastSeries } from '../engine/forecast/forecastSeries';
import { generateMultivariateMetrics, MULTIVARIATE_METRICS } from '../engine/synthetic/multivariateMetrics';
import { parseDuration } from '../engine/duration';
import { joinSeries } from '../engine/multivariate/joinSeries';
import { MultivariateDetector } from '../engine/multivariate/multivariateDetector';
import { DetectorService } from './detectorService';

const spec = parseDetectorSpec({ id: 'test', name: 'test', query: 'up' });
const demo = generateServerMetrics({ days: 1, seed: 7 });
const one = demo.find((series) => series.anomalyWindows.length > 0)!;
/** The demo service's four metrics joined by instance (the queries are not run here). */
const SERVICE_JOIN = { on: ['instance'], primary: 'traffic', queries: { latency: 'l', errors: 'e', cpu: 'c' } };

function copy(series: { labels: Record<string, string>; timestamps: Float64Array; values: Float64Array }) {
  return { labels: series.labels, timestamps: series.timestamps.slice(), values: series.values.slice() };
}

/** A copy of the points [from, to) of `one`. */
function part(from: number, to?: number) {
  return { labels: one.labels, timestamps: one.timestamps.slice(from, to), values: one.values.slice(from, to) };
}

describe('DetectorService', () => {
  it('scores causally exactly as the engine does when no history is given', () => {
    const service = new DetectorService();
    const response = service.score({ spec, items: [{ series: copy(one) }] });
    const expected = scoreCausally(spec, one.timestamps, one.values);
    expect(Array.from(response.results[0].result.scores)).toEqual(Array.from(expected.scores));
    expect(response.results[0].fittedOnHistory).toBe(false);
  });

  it('answers a repeated request from its cache with identical results', () => {
    const service = new DetectorService();
    const first = service.score({ spec, items: [{ series: copy(one) }] });
    const second = service.score({ spec, items: [{ series: copy(one) }] });
    expect(first.cacheHits).toBe(0);
    expect(second.cacheHits).toBe(1);
    expect(Array.from(second.results[0].result.scores)).toEqual(Array.from(first.results[0].result.scores));
    expect(service.stats().cachedResults).toBe(1);
  });

  it('fits on history once per series and reuses the fitted model', () => {
    const service = new DetectorService();
    const half = Math.floor(one.timestamps.length / 2);
    const history = part(0, half);
    const recent = part(half);
    const first = service.score({ spec, items: [{ series: copy(recent), history: copy(history) }] });
    const second = service.score({ spec, items: [{ series: copy(recent), history: copy(history) }] });
    expect(first.results[0].fittedOnHistory).toBe(true);
    expect(second.cacheHits).toBe(1);
    expect(service.stats().cachedModels).toBe(1);
    expect(Array.from(second.results[0].result.scores)).toEqual(Array.from(first.results[0].result.scores));
    expect(first.results[0].result.scores.length).toBe(recent.timestamps.length);
  });

  it('refuses malformed messages with the offending field named', () => {
    const service = new DetectorService();
    expect(() =>
      service.score({ spec, items: [{ series: { labels: {}, timestamps: [1, 2], values: new Float64Array(2) } }] })
    ).toThrow(/items\.0\.series\.timestamps: must be a Float64Array/);
    expect(() =>
      service.scoreCausally({
        spec: { ...spec, sensitivity: 3 },
        timestamps: new Float64Array(1),
        values: new Float64Array(1),
      })
    ).toThrow(/invalid scoreCausally message: spec\.sensitivity/);
    expect(() =>
      service.score({
        spec,
        items: [{ series: { labels: {}, timestamps: new Float64Array(3), values: new Float64Array(2) } }],
      })
    ).toThrow(/same length/);
  });

  it('previews alerts per week from the evaluation module, and time to detect from labelled windows', () => {
    const service = new DetectorService();
    const labels = { [seriesKey(one.labels)]: one.anomalyWindows };
    const response = service.preview({ spec, series: [copy(one)], labels });
    const load = alertLoad(response.results[0].result.anomalies, response.results[0].result.timestamps);
    expect(response.summary.alerts).toBe(load.alerts);
    expect(response.summary.alertsPerWeek).toBeCloseTo(load.alertsPerWeek, 9);
    expect(response.summary.labelledWindows).toBe(one.anomalyWindows.length);
    if (response.summary.detectedWindows > 0) {
      expect(response.summary.medianTimeToDetectMs).not.toBeNull();
    } else {
      expect(response.summary.medianTimeToDetectMs).toBeNull();
    }
  });

  it('previews a counter as its per-second rate, the values its band is of', () => {
    const timestamps = Float64Array.from({ length: 600 }, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000);
    // 10 a second, and a restart at row 400 (the counter starts again from 600).
    const values = Float64Array.from(timestamps, (_, i) => (i < 400 ? 1000 + 600 * i : 600 * (i - 399)));
    const counter = { ...spec, counter: true };
    const { result } = new DetectorService().preview({ spec: counter, series: [{ labels: {}, timestamps, values }] })
      .results[0];
    expect(result.values[0]).toBeNaN();
    expect(result.values[400]).toBeNaN();
    expect(result.values[100]).toBe(10);
    expect(result.values[500]).toBe(10);
    expect(result.lower[500]).toBeLessThanOrEqual(10);
    expect(result.upper[500]).toBeGreaterThanOrEqual(10);
    const raw = new DetectorService().preview({ spec, series: [{ labels: {}, timestamps, values }] }).results[0];
    expect(raw.result.values[100]).toBe(values[100]);
    // Scored after a fit on the history before it, the first row's rate is read from the history's last sample.
    const history = { labels: {}, timestamps: timestamps.slice(0, 300), values: values.slice(0, 300) };
    const series = { labels: {}, timestamps: timestamps.slice(300), values: values.slice(300) };
    const [fitted] = new DetectorService().score({ spec: counter, items: [{ series, history }] }).results;
    expect(fitted.fittedOnHistory).toBe(true);
    expect(fitted.result.values[0]).toBe(10);
    expect(fitted.result.values[100]).toBeNaN();
    expect(fitted.result.values[200]).toBe(10);
  });

  it('starts the neural backend before a request whose detector trains a network, and only then', async () => {
    const start = jest.fn(async () => ({ backend: 'cpu' as const }));
    const service = new DetectorService(undefined, start);
    await service.prepare({ spec, timestamps: new Float64Array(0), values: new Float64Array(0) });
    await service.prepare({ spec: { ...spec, model: { kind: 'ensemble' } }, items: [] });
    await service.prepare('not a request');
    expect(start).not.toHaveBeenCalled();
    for (const kind of ['autoencoder', 'vae', 'lstm_autoencoder']) {
      await service.prepare({ spec: { ...spec, model: { kind, params: {} } }, items: [] });
    }
    expect(start).toHaveBeenCalledTimes(3);
    expect(service.stats().neuralBackend).toBe('cpu');
  });

  it('forecasts each series by the seasonal method without loading any model', async () => {
    const service = new DetectorService(() => Promise.reject(new Error('must not load')));
    const forecastSpec = parseDetectorSpec({ ...spec, forecast: { horizon: '30m' } });
    const response = await service.forecast({ spec: forecastSpec, series: [copy(one)] });
    const expected = forecastSeries(forecastSpec, copy(one))!;
    expect(response.results[0].key).toBe(seriesKey(one.labels));
    expect(Array.from(response.results[0].forecast!.values)).toEqual(Array.from(expected.values));
    expect(response.results[0].forecast!.timestamps).toHaveLength(30);
  });

  it('loads the MSTL/ETS models once, from the URLs in the request, and says when they cannot load', async () => {
    const urls: unknown[] = [];
    const models: ForecastModels = {
      mstl: () => {
        throw new Error('not expected');
      },
      ets: (_values, horizon) => ({
        point: new Float64Array(horizon).fill(7),
        lower: new Float64Array(horizon).fill(6),
        upper: new Float64Array(horizon).fill(8),
      }),
    };
    const service = new DetectorService(async (where) => {
      urls.push(where);
      return models;
    });
    const etsSpec = parseDetectorSpec({ ...spec, forecast: { method: 'ets', horizon: '5m' } });
    const augursWasm = { mstl: 'http://cdn/mstl_bg.wasm', ets: 'http://cdn/ets_bg.wasm' };
    const response = await service.forecast({ spec: etsSpec, series: [copy(one)], augursWasm });
    expect(Array.from(response.results[0].forecast!.values)).toEqual([7, 7, 7, 7, 7]);
    expect(urls).toEqual([augursWasm]);
    await expect(new DetectorService().forecast({ spec: etsSpec, series: [copy(one)] })).rejects.toThrow(
      'forecast: MSTL and ETS are not available here'
    );
    await expect(service.forecast({ spec, series: [] })).rejects.toThrow(
      'detector test: forecast: the spec has no forecast block'
    );
  });

  it('scores a multivariate spec per target joined by its labels, with each metric’s contributions', async () => {
    const targets = generateMultivariateMetrics({ targets: 2 });
    const mvSpec = parseDetectorSpec({
      id: 'mv',
      name: 'mv',
      query: 'demo_service_traffic',
      multivariate: SERVICE_JOIN,
    });
    const metrics = MULTIVARIATE_METRICS.map((metric) => ({
      metric,
      series: targets.map((target) => copy(target.metrics[metric])),
    }));
    const response = await new DetectorService().scoreMultivariate({ spec: mvSpec, metrics });
    expect(response.results.map((one) => one.labels)).toEqual([{ instance: 'svc-1' }, { instance: 'svc-2' }]);
    const first = response.results[0];
    expect(first.contributions!.metrics).toEqual(['traffic', 'latency', 'errors', 'cpu']);
    expect(first.contributions!.shares).toHaveLength(first.result.timestamps.length * 4);
    expect(Array.from(first.result.values)).toEqual(Array.from(targets[0].metrics.traffic.values));
    const [start, end] = targets[0].anomalyWindows[0];
    const flagged = Array.from(first.result.timestamps).filter(
      (time, i) => first.result.anomalies[i] === 1 && time >= start && time <= end
    );
    expect(flagged.length).toBeGreaterThan(0);
  });

  describe('a multivariate spec with counter: true', () => {
    const [target] = generateMultivariateMetrics({ targets: 1 });
    const counterSpec = parseDetectorSpec({
      id: 'mv',
      name: 'mv',
      query: 'demo_service_traffic_total',
      counter: true,
      multivariate: SERVICE_JOIN,
    });
    const traffic = target.metrics.traffic.values;
    /** Each metric as a raw counter of its value a second, rows [from, to). */
    const counters = (from = 0, to?: number) =>
      MULTIVARIATE_METRICS.map((metric) => {
        const { labels, timestamps, values } = target.metrics[metric];
        let count = 0;
        const counts = Float64Array.from(values, (v) => (count += v * 60));
        return { metric, series: [{ labels, timestamps: timestamps.slice(from, to), values: counts.slice(from, to) }] };
      });

    it('is scored on the rates of its raw counters', async () => {
      const metrics = counters();
      const [scored] = (await new DetectorService().scoreMultivariate({ spec: counterSpec, metrics })).results;
      expect(scored.result.values[0]).toBeNaN();
      scored.result.values.slice(1).forEach((rate, i) => expect(rate).toBeCloseTo(traffic[i + 1], 6));
      const [start, end] = target.anomalyWindows[0];
      const flagged = Array.from(scored.result.timestamps).filter(
        (time, i) => scored.result.anomalies[i] === 1 && time >= start && time <= end
      );
      expect(flagged.length).toBeGreaterThan(0);
    });

    it('with a history, reads the first visible rate from it', async () => {
      const half = Math.floor(traffic.length / 2);
      const request = { spec: counterSpec, metrics: counters(half), history: counters(0, half) };
      const [scored] = (await new DetectorService().scoreMultivariate(request)).results;
      expect(scored.fittedOnHistory).toBe(true);
      scored.result.values.forEach((rate, i) => expect(rate).toBeCloseTo(traffic[half + i], 6));
    });
  });

  it('fits each multivariate target on its history when given, as `vigil detect` does, and scores the rest', async () => {
    const [target] = generateMultivariateMetrics({ targets: 2 });
    const mvSpec = parseDetectorSpec({
      id: 'mv',
      name: 'mv',
      query: 'demo_service_traffic',
      multivariate: SERVICE_JOIN,
    });
    const half = Math.floor(target.metrics.traffic.timestamps.length / 2);
    const cut = (from: number, to?: number) =>
      MULTIVARIATE_METRICS.map((metric) => {
        const { labels, timestamps, values } = target.metrics[metric];
        return { metric, series: [{ labels, timestamps: timestamps.slice(from, to), values: values.slice(from, to) }] };
      });
    const step = parseDuration(mvSpec.step)!;
    const expected = MultivariateDetector.fit(mvSpec, joinSeries(cut(0, half), ['instance'], step).joined[0]).score(
      joinSeries(cut(half), ['instance'], step).joined[0]
    );

    const [fitted] = (
      await new DetectorService().scoreMultivariate({
        spec: mvSpec,
        metrics: cut(half),
        history: cut(0, half),
      })
    ).results;
    expect(fitted.fittedOnHistory).toBe(true);
    expect(Array.from(fitted.result.scores)).toEqual(Array.from(expected.scores));
    expect(Array.from(fitted.result.anomalies)).toEqual(Array.from(expected.anomalies));

    const tooShort = await new DetectorService().scoreMultivariate({
      spec: mvSpec,
      metrics: cut(half),
      history: cut(0, 10),
    });
    expect(tooShort.results[0].fittedOnHistory).toBe(false);
    expect(Array.from(tooShort.results[0].result.scores)).not.toEqual(Array.from(expected.scores));
  });

  it('trains a multivariate autoencoder per target in steps, reporting each epoch, and scores as a one-go fit does', async () => {
    const targets = generateMultivariateMetrics({ targets: 2, days: 2 });
    const mvNeural = parseDetectorSpec({
      id: 'mv-neural',
      name: 'mv-neural',
      query: 'demo_service_traffic',
      model: { kind: 'autoencoder', params: { epochs: 2, patience: 2, maxWindows: 64 } },
      multivariate: SERVICE_JOIN,
    });
    const half = Math.floor(targets[0].metrics.traffic.timestamps.length / 2);
    const cut = (from: number, to?: number) =>
      MULTIVARIATE_METRICS.map((metric) => ({
        metric,
        series: targets.map(({ metrics }) => {
          const { labels, timestamps, values } = metrics[metric];
          return { labels, timestamps: timestamps.slice(from, to), values: values.slice(from, to) };
        }),
      }));
    const progress: Array<[number, number, number, number, number | undefined]> = [];
    const response = await new DetectorService().scoreMultivariate(
      { spec: mvNeural, metrics: cut(half), history: cut(0, half) },
      ({ item, items, epoch, epochs, trainingPoints }) => progress.push([item, items, epoch, epochs, trainingPoints])
    );
    expect(progress).toEqual([
      [0, 2, 1, 2, half],
      [0, 2, 2, 2, half],
      [1, 2, 1, 2, half],
      [1, 2, 2, 2, half],
    ]);
    const step = parseDuration(mvNeural.step)!;
    const history = joinSeries(cut(0, half), ['instance'], step).joined;
    const scored = joinSeries(cut(half), ['instance'], step).joined;
    response.results.forEach((result, i) => {
      expect(result.fittedOnHistory).toBe(true);
      const expected = MultivariateDetector.fit(mvNeural, history[i]).score(scored[i]);
      expect(Array.from(result.result.scores)).toEqual(Array.from(expected.scores));
      expect(Array.from(result.contributions!.shares)).toEqual(Array.from(expected.contributions));
    });
  });

  it('trains a neural detector in steps, reporting each epoch, and scores as a one-go fit does', async () => {
    const neural = parseDetectorSpec({
      id: 'neural',
      name: 'neural',
      query: 'up',
      seasonality: 'none',
      model: { kind: 'autoencoder', params: { epochs: 3, maxWindows: 128, minFitPoints: 256 } },
    });
    const half = Math.floor(one.timestamps.length / 2);
    const history = part(0, half);
    const rest = part(half);
    const service = new DetectorService();
    const progress: Array<{ epoch: number; epochs: number }> = [];
    const response = await service.scoreWithProgress({ spec: neural, items: [{ series: rest, history }] }, (step) =>
      progress.push(step)
    );
    expect(progress.map(({ epoch, epochs }) => [epoch, epochs])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const direct = new DetectorService().score({
      spec: neural,
      items: [{ series: copy(rest), history: copy(history) }],
    });
    expect(Array.from(response.results[0].result.scores)).toEqual(Array.from(direct.results[0].result.scores));
    expect(response.results[0].fittedOnHistory).toBe(true);
  });

  it('reports the training a neural detector does while scoring when its history is shorter than minFitPoints', async () => {
    const neural = parseDetectorSpec({
      id: 'neural',
      name: 'neural',
      query: 'up',
      seasonality: 'none',
      model: { kind: 'autoencoder', params: { epochs: 3, patience: 3, maxWindows: 128, minFitPoints: 256 } },
    });
    const progress: Array<{ epoch: number; trainingPoints?: number }> = [];
    const response = await new DetectorService().scoreWithProgress(
      { spec: neural, items: [{ series: part(100, 600), history: part(0, 100) }] },
      (step) => progress.push(step)
    );
    expect(progress.slice(0, 3).map(({ epoch, trainingPoints }) => [epoch, trainingPoints])).toEqual([
      [1, 256],
      [2, 256],
      [3, 256],
    ]);
    expect(response.results[0].result.scores.some((score) => score > 0)).toBe(true);
  });

  it('reports the training epochs of a neural preview, series by series, and previews as without', () => {
    const neural = parseDetectorSpec({
      id: 'neural',
      name: 'neural',
      query: 'up',
      seasonality: 'none',
      model: { kind: 'autoencoder', params: { epochs: 3, patience: 3, maxWindows: 128, minFitPoints: 256 } },
    });
    const two = demo.slice(0, 2).map((series) => ({
      labels: series.labels,
      timestamps: series.timestamps.slice(0, 600),
      values: series.values.slice(0, 600),
    }));
    const progress: Array<{ item: number; items: number; epoch: number; trainingPoints?: number }> = [];
    const response = new DetectorService().preview({ spec: neural, series: two.map(copy) }, (step) =>
      progress.push(step)
    );
    // Each series trains once on its first 256 points (the next refit would need four times as many).
    expect(progress.map(({ item, items, epoch, trainingPoints }) => [item, items, epoch, trainingPoints])).toEqual([
      [0, 2, 1, 256],
      [0, 2, 2, 256],
      [0, 2, 3, 256],
      [1, 2, 1, 256],
      [1, 2, 2, 256],
      [1, 2, 3, 256],
    ]);
    const silent = new DetectorService().preview({ spec: neural, series: two.map(copy) });
    expect(response.summary).toEqual(silent.summary);
    expect(Array.from(response.results[1].result.scores)).toEqual(Array.from(silent.results[1].result.scores));
  });
});
