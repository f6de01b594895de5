import type { Remote } from 'comlink';
import { parseDetectorSpec, scoreCausally, seriesKey } from '../engine';
import type { Series } from '../engine/series';
import type { DetectorWorkerApi } from './detector.worker';
import { createDetectorClient } from './detectorClient';
import { DetectorService } from './detectorService';

jest.mock('./createDetectorWorker', () => ({ createDetectorWorker: () => undefined }));

/** A worker stand-in: the real service, called directly, counting what it is sent. */
function fakeWorker() {
  const service = new DetectorService();
  const received: string[] = [];
  const remote = {
    score: async (request: { items: Array<{ series: Series }> }) => {
      request.items.forEach((item) => received.push(seriesKey(item.series.labels)));
      return service.score(request);
    },
    scoreCausally: async (request: unknown) => service.scoreCausally(request),
    preview: async (request: unknown) => service.preview(request),
    forecast: async (request: { series: Series[] }) => {
      request.series.forEach((one) => received.push(seriesKey(one.labels)));
      return service.forecast(request);
    },
    stats: async () => service.stats(),
  };
  return { remote: remote as unknown as Remote<DetectorWorkerApi>, received };
}

/** A worker stand-in that records warm-up rounds and answers each when the test finishes it. */
function warmingWorker() {
  const rounds: number[] = [];
  const pending: Array<() => void> = [];
  const remote = {
    warmUp: (round: number) =>
      new Promise<void>((resolve) => {
        rounds.push(round);
        pending.push(resolve);
      }),
    stats: async () => [],
  };
  const finishRound = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { remote: remote as unknown as Remote<DetectorWorkerApi>, rounds, finishRound };
}

function series(instance: string, offset: number): Series {
  const timestamps = Float64Array.from({ length: 120 }, (_, i) => 1_700_000_000_000 + i * 60_000);
  const values = Float64Array.from(timestamps, (_, i) => offset + Math.sin(i / 7) + (i === 100 ? 40 : 0));
  return { labels: { __name__: 'up', instance }, timestamps, values };
}

describe('createDetectorClient', () => {
  const spec = { id: 'spread', name: 'spread', query: 'up' };

  it('spreads a batch over the workers, always sending a series to the same one, and keeps the input order', async () => {
    const workers = [fakeWorker(), fakeWorker()];
    const client = createDetectorClient(workers.map((worker) => worker.remote));
    const inputs = Array.from({ length: 12 }, (_, i) => series(`host-${i}`, i));
    const expected = inputs.map((one) => scoreCausally(parseDetectorSpec(spec), one.timestamps, one.values));

    const response = await client.score(
      spec,
      inputs.map((one) => ({ series: { ...one, timestamps: one.timestamps.slice(), values: one.values.slice() } }))
    );
    expect(response.results.map((result) => result.labels.instance)).toEqual(inputs.map((one) => one.labels.instance));
    response.results.forEach((result, i) =>
      expect(Array.from(result.result.scores)).toEqual(Array.from(expected[i].scores))
    );
    expect(workers.every((worker) => worker.received.length > 0)).toBe(true);

    const firstAssignment = workers.map((worker) => [...worker.received].sort());
    await client.score(
      spec,
      inputs.map((one) => ({ series: { ...one, timestamps: one.timestamps.slice(), values: one.values.slice() } }))
    );
    expect(
      workers.map((worker) => [...worker.received.slice(firstAssignment[workers.indexOf(worker)].length)].sort())
    ).toEqual(firstAssignment);
  });

  it('forecasts each series on the worker that scores it, in the input order', async () => {
    const workers = [fakeWorker(), fakeWorker()];
    const client = createDetectorClient(workers.map((worker) => worker.remote));
    const inputs = Array.from({ length: 6 }, (_, i) => series(`host-${i}`, 10 * i));
    const forecastSpec = { ...spec, seasonality: 'none' as const, forecast: { horizon: '10m' } };
    const response = await client.forecast(
      forecastSpec,
      inputs.map((one) => ({ ...one, timestamps: one.timestamps.slice(), values: one.values.slice() }))
    );
    expect(response.results.map((one) => one.labels.instance)).toEqual(inputs.map((one) => one.labels.instance));
    response.results.forEach((one, i) => {
      expect(one.forecast!.timestamps[0]).toBeGreaterThan(inputs[i].timestamps[119]);
      expect(one.forecast!.timestamps[0]).toBeLessThanOrEqual(inputs[i].timestamps[119] + 60_000);
      expect(Math.abs(one.forecast!.values[0] - 10 * i)).toBeLessThan(1.5);
    });
    expect(workers.every((worker) => worker.received.length > 0)).toBe(true);
  });

  it('warms each worker up one round at a time while idle, and sends no round after the first request', async () => {
    const workers = [warmingWorker(), warmingWorker()];
    const client = createDetectorClient(
      workers.map((worker) => worker.remote),
      undefined,
      16
    );
    expect(workers.map((worker) => worker.rounds)).toEqual([[0], [0]]);
    await workers[0].finishRound();
    await workers[0].finishRound();
    expect(workers.map((worker) => worker.rounds)).toEqual([[0, 1, 2], [0]]);
    await client.stats();
    await workers[0].finishRound();
    await workers[1].finishRound();
    expect(workers.map((worker) => worker.rounds)).toEqual([[0, 1, 2], [0]]);
  });

  it('refuses to start without a worker', () => {
    expect(() => createDetectorClient([])).toThrow(/at least one worker/);
  });
});
