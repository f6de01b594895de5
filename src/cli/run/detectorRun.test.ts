import pino from 'pino';
import type { DetectionResult, Detector, DetectorState } from '../../engine/detection';
import { parseDetectorSpec, type DetectorSpec } from '../../engine/detectorSpec';
import type { Series } from '../../engine/series';
import {
  type DetectorEngine,
  type DetectorRunInput,
  runDetector,
  type RetrainPolicy,
  scheduledRefitDue,
} from './detectorRun';
import type { DetectorStateFile } from './detectorState';
import { inThreadExecutor } from './scoringPool';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const log = pino({ level: 'silent' });
const spec = parseDetectorSpec({
  id: 'cpu',
  name: 'CPU',
  query: 'cpu',
  step: '1m',
  trainingWindow: '2h',
  scoringWindow: '10m',
});
const policy: RetrainPolicy = {
  minPoints: 30,
  refitGroups: 1,
  retrainAfterAnomalies: 5,
  refitOnDrift: true,
  stateTtlMs: 3_600_000,
};

/** A fake detector: flags values above 100; its state records how many points it was fitted on. */
class ThresholdDetector implements Detector {
  fittedOn = 0;
  constructor(
    readonly spec: DetectorSpec,
    private readonly drifting = false
  ) {}
  fit(history: Series): void {
    this.fittedOn = history.values.length;
  }
  score(series: Series): DetectionResult {
    const n = series.values.length;
    const anomalies = Uint8Array.from(series.values, (value) => (value > 100 ? 1 : 0));
    return {
      timestamps: series.timestamps,
      values: series.values,
      scores: Float64Array.from(anomalies),
      anomalies,
      expected: new Float64Array(n).fill(50),
      lower: new Float64Array(n).fill(40),
      upper: new Float64Array(n).fill(60),
      explanations: Array.from(anomalies, (flag) => (flag ? 'above 100' : null)),
      drift: this.drifting ? [{ index: 0, timestamp: series.timestamps[0], method: 'adwin', stream: 'residual' }] : [],
      threshold: 0.5,
    };
  }
  update(): never {
    throw new Error('not used');
  }
  toState(): DetectorState {
    return { version: 1, kind: 'default', fittedOn: this.fittedOn };
  }
}

function fakeEngine(drifting = false) {
  const calls = { created: 0, restored: 0 };
  const engine: DetectorEngine = {
    create: (detectorSpec) => {
      calls.created++;
      return new ThresholdDetector(detectorSpec, drifting);
    },
    restore: (detectorSpec, state) => {
      calls.restored++;
      if ((state as { fittedOn?: unknown }).fittedOn === undefined) {
        throw new Error('corrupt');
      }
      return new ThresholdDetector(detectorSpec, drifting);
    },
  };
  return { engine, calls };
}

/** runDetector with this file's spec, policy and log; `engine` defaults to a fresh fake one. */
function run({
  engine = fakeEngine().engine,
  policy: runPolicy = policy,
  ...input
}: Pick<DetectorRunInput, 'nowMs' | 'fetch' | 'followed'> & {
  previous?: DetectorStateFile;
  engine?: DetectorEngine;
  policy?: RetrainPolicy;
}) {
  return runDetector({
    spec,
    policy: runPolicy,
    log,
    executor: inThreadExecutor(engine),
    previous: undefined,
    ...input,
  });
}

/** A grid fetch over a series whose value is 50, or 500 from `spikeFrom` on. */
function fetcher(instances: string[], spikeFrom = Number.POSITIVE_INFINITY) {
  const requests: Array<[number, number]> = [];
  const fetch = async (startMs: number, endMs: number, stepMs: number): Promise<Series[]> => {
    requests.push([startMs, endMs]);
    const n = Math.floor((endMs - startMs) / stepMs) + 1;
    const timestamps = Float64Array.from({ length: n }, (_, i) => startMs + i * stepMs);
    return instances.map((instance) => ({
      labels: { instance },
      timestamps,
      values: Float64Array.from(timestamps, (t) => (t >= spikeFrom ? 500 : 50)),
    }));
  };
  return { fetch, requests };
}

describe('runDetector', () => {
  it('gives the alert lifecycle every point of followed or anomalous series and the last point of the others', async () => {
    const spiky = async (startMs: number, endMs: number, stepMs: number): Promise<Series[]> => {
      const n = Math.floor((endMs - startMs) / stepMs) + 1;
      const timestamps = Float64Array.from({ length: n }, (_, i) => startMs + i * stepMs);
      return ['calm', 'watched', 'spiking'].map((instance) => ({
        labels: { instance },
        timestamps,
        values: Float64Array.from(timestamps, (t) => (instance === 'spiking' && t === NOW ? 500 : 50)),
      }));
    };
    const output = await run({ nowMs: NOW, fetch: spiky, followed: (labels) => labels.instance === 'watched' });
    const pointsOf = (instance: string) =>
      output.outcomes.filter((outcome) => outcome.labels.instance === instance).map((outcome) => outcome.timestamp);
    expect(pointsOf('calm')).toEqual([NOW]);
    expect(pointsOf('watched')).toHaveLength(10);
    expect(pointsOf('spiking')).toHaveLength(10);
    expect(output).toMatchObject({ seriesScored: 3, points: 30, anomalies: 1 });
    const everyPoint = await run({ nowMs: NOW, fetch: spiky });
    expect(everyPoint.outcomes).toHaveLength(30);
  });

  it('warns when the counter setting looks wrong for what the query returns, once a run', async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const capturing = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const counting = async (startMs: number, endMs: number, stepMs: number): Promise<Series[]> => {
      const timestamps = Float64Array.from(
        { length: Math.floor((endMs - startMs) / stepMs) + 1 },
        (_, i) => startMs + i * stepMs
      );
      return ['a', 'b'].map((instance) => ({
        labels: { __name__: 'requests_total', instance },
        timestamps,
        values: Float64Array.from(timestamps, (t) => Math.floor(t / 1000)),
      }));
    };
    const input = { policy, executor: inThreadExecutor(fakeEngine().engine), previous: undefined, nowMs: NOW };
    await runDetector({ ...input, spec, log: capturing, fetch: counting });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      detector: 'cpu',
      msg: 'the counter setting looks wrong for what the query returns',
      hint: expect.stringMatching(/^requests_total\{instance="a"\} is a raw counter \(it only rises\)/),
    });
    const counterSpec = parseDetectorSpec({ ...spec, counter: true });
    await runDetector({ ...input, spec: counterSpec, log: capturing, fetch: counting });
    expect(warnings).toHaveLength(1);
  });

  it('fits new series on the training window and scores only the scoring window', async () => {
    const { engine, calls } = fakeEngine();
    const { fetch, requests } = fetcher(['a', 'b'], NOW - 2 * MINUTE);
    const output = await run({ nowMs: NOW, fetch, engine });
    expect(requests).toEqual([[NOW - 10 * MINUTE - 2 * 3_600_000, NOW]]);
    expect(calls).toEqual({ created: 2, restored: 0 });
    expect(output).toMatchObject({ seriesScored: 2, refitted: 2, points: 20, anomalies: 6 });
    expect(output.outcomes.filter((outcome) => outcome.anomalous).map((outcome) => outcome.timestamp)).toContain(NOW);
    expect(output.state.series['{instance="a"}']).toMatchObject({
      fittedAtMs: NOW,
      lastTimestampMs: NOW,
      anomaliesSinceFit: 3,
      model: JSON.stringify({ version: 1, kind: 'default', fittedOn: 121 }),
    });
  });

  it('restores stored models and queries only the points since the last run', async () => {
    const first = fakeEngine();
    const previous = (await run({ nowMs: NOW, fetch: fetcher(['a']).fetch, engine: first.engine })).state;
    const second = fakeEngine();
    const { fetch, requests } = fetcher(['a']);
    const output = await run({ previous, nowMs: NOW + 3 * MINUTE, fetch, engine: second.engine });
    // From two steps before the last scored point (the overlap), scoring only the three new points.
    expect(requests).toEqual([[NOW - MINUTE, NOW + 3 * MINUTE]]);
    expect(second.calls).toEqual({ created: 0, restored: 1 });
    expect(output).toMatchObject({ restored: 1, refitted: 0, points: 3 });
    expect(output.state.series['{instance="a"}'].fittedAtMs).toBe(NOW);
    // Each outcome says when its model was fitted: alerts carry it, and remediation locks clear on a refit.
    expect(new Set(output.outcomes.map((outcome) => outcome.fittedAtMs))).toEqual(new Set([NOW]));
  });

  it('warns once with the points left unscored when the last run was longer ago than the scoring window', async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const capturing = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const runAt = (nowMs: number, previous?: DetectorStateFile) =>
      runDetector({
        spec,
        policy,
        log: capturing,
        executor: inThreadExecutor(fakeEngine().engine),
        previous,
        nowMs,
        fetch: fetcher(['a', 'b']).fetch,
      });
    const first = await runAt(NOW);
    const onTime = await runAt(NOW + 5 * MINUTE, first.state);
    expect(warnings).toEqual([]);
    // 25 minutes later with a scoring window of 10: the 15 points of each series before the window are not scored.
    const late = await runAt(NOW + 30 * MINUTE, onTime.state);
    expect(late).toMatchObject({ restored: 2, points: 20 });
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        detector: 'cpu',
        series: 2,
        points: 30,
        after: new Date(NOW + 5 * MINUTE).toISOString(),
        until: new Date(NOW + 20 * MINUTE).toISOString(),
        msg: 'the last run was longer ago than the scoring window: the points before the window were not scored',
      }),
    ]);
  });

  it('refits after drift, after too many anomalies, when the spec changed and when a model cannot be restored', async () => {
    const drifting = fakeEngine(true);
    const afterDrift = (await run({ nowMs: NOW, fetch: fetcher(['a']).fetch, engine: drifting.engine })).state;
    expect(afterDrift.series['{instance="a"}']).toMatchObject({ refitReason: 'drift' });
    expect(afterDrift.series['{instance="a"}'].model).toBeUndefined();

    const noisy = fakeEngine();
    const afterSpikes = (await run({ nowMs: NOW, fetch: fetcher(['a'], NOW - 6 * MINUTE).fetch, engine: noisy.engine }))
      .state;
    expect(afterSpikes.series['{instance="a"}']).toMatchObject({ refitReason: 'anomalies', anomaliesSinceFit: 7 });

    for (const previous of [afterDrift, afterSpikes, { ...afterSpikes, specHash: 'other' } as DetectorStateFile]) {
      const { engine, calls } = fakeEngine();
      const { fetch, requests } = fetcher(['a']);
      await run({ previous, nowMs: NOW + MINUTE, fetch, engine });
      expect(calls).toEqual({ created: 1, restored: 0 });
      expect(requests[0][0]).toBe(NOW + MINUTE - 10 * MINUTE - 2 * 3_600_000);
    }

    const healthy = (await run({ nowMs: NOW, fetch: fetcher(['a']).fetch })).state;
    // A model the engine refuses, and one whose text is not JSON (the worker parses it): both refit.
    for (const [model, restored] of [
      [JSON.stringify({ version: 1, kind: 'default' }), 1],
      ['{"version":1,"kind":"default","fittedOn":', 0],
    ] as const) {
      healthy.series['{instance="a"}'].model = model;
      const { engine, calls } = fakeEngine();
      const output = await run({ previous: healthy, nowMs: NOW + MINUTE, fetch: fetcher(['a']).fetch, engine });
      expect(calls).toEqual({ created: 1, restored });
      expect(output.refitted).toBe(1);
    }
  });

  it('fetches the history of series that appear between runs, and skips series with too little history', async () => {
    const previous = (await run({ nowMs: NOW, fetch: fetcher(['a']).fetch })).state;
    const { fetch, requests } = fetcher(['a', 'new']);
    const output = await run({ previous, nowMs: NOW + 2 * MINUTE, fetch });
    expect(requests).toHaveLength(2);
    expect(output).toMatchObject({ restored: 1, refitted: 1, seriesScored: 2 });

    const strict = { ...policy, minPoints: 1000 };
    const skipped = await run({ nowMs: NOW, fetch: fetcher(['a']).fetch, policy: strict });
    expect(skipped).toMatchObject({ seriesScored: 0, skipped: 1 });
    // 131 points up to NOW (training and scoring window): 1000 cannot be there before 869 more steps.
    expect(skipped.state.series).toEqual({
      '{instance="a"}': { lastTimestampMs: NOW, anomaliesSinceFit: 0, fitNotBeforeMs: NOW + 869 * MINUTE },
    });
  });

  it('fetches no history for a series too short to fit until it can hold min_points, then fits it', async () => {
    // `short` starts 15 minutes before NOW: 16 points of the 30 a fit needs, so 14 more steps at least.
    const bornAt = NOW - 15 * MINUTE;
    const requests: Array<[number, number]> = [];
    const fetch = async (startMs: number, endMs: number, stepMs: number): Promise<Series[]> => {
      requests.push([startMs, endMs]);
      const grid = (from: number) =>
        Float64Array.from({ length: Math.floor((endMs - from) / stepMs) + 1 }, (_, i) => from + i * stepMs);
      return [
        { labels: { instance: 'long' }, timestamps: grid(startMs) },
        { labels: { instance: 'short' }, timestamps: grid(Math.max(startMs, bornAt)) },
      ].map((one) => ({ ...one, values: new Float64Array(one.timestamps.length).fill(50) }));
    };
    const historyQueries = (nowMs: number) => requests.filter(([startMs]) => startMs <= nowMs - 2 * 3_600_000).length;
    const runAt = async (minutes: number, previous: DetectorStateFile) => {
      requests.length = 0;
      const output = await run({ previous, nowMs: NOW + minutes * MINUTE, fetch });
      return { output, historyQueries: historyQueries(NOW + minutes * MINUTE) };
    };

    const first = await run({ nowMs: NOW, fetch });
    expect(first).toMatchObject({ refitted: 1, skipped: 1 });
    expect(first.state.series['{instance="short"}']).toEqual({
      lastTimestampMs: NOW,
      anomaliesSinceFit: 0,
      fitNotBeforeMs: NOW + 14 * MINUTE,
    });
    // Still short at +5 and +15 minutes (a fit there would take the points up to NOW and NOW + 5m: 16 and 21).
    const second = await runAt(5, first.state);
    expect(second).toMatchObject({ output: { restored: 1, skipped: 1, refitted: 0 }, historyQueries: 0 });
    const third = await runAt(15, second.output.state);
    expect(third).toMatchObject({ output: { restored: 1, skipped: 1, refitted: 0 }, historyQueries: 0 });
    expect(third.output.state.series['{instance="short"}']).toMatchObject({ lastTimestampMs: NOW + 15 * MINUTE });
    // Its points up to NOW + 15m are 31: the next run fetches its history and fits it.
    const fourth = await runAt(20, third.output.state);
    expect(fourth).toMatchObject({ output: { restored: 1, refitted: 1, skipped: 0, points: 10 }, historyQueries: 1 });
    expect(fourth.output.state.series['{instance="short"}']).toMatchObject({ fittedAtMs: NOW + 20 * MINUTE });

    // Short series gone for good (short-lived pods) do not make each run read the whole window.
    const gone = { lastTimestampMs: NOW, anomaliesSinceFit: 0, fitNotBeforeMs: NOW + 14 * MINUTE };
    const withGone = {
      ...first.state,
      series: {
        '{instance="long"}': first.state.series['{instance="long"}'],
        '{instance="x"}': gone,
        '{instance="y"}': gone,
      },
    };
    const onlyLong = fetcher(['long']);
    expect(await run({ previous: withGone, nowMs: NOW + 20 * MINUTE, fetch: onlyLong.fetch })).toMatchObject({
      restored: 1,
    });
    expect(onlyLong.requests).toEqual([[NOW + 11 * MINUTE, NOW + 20 * MINUTE]]);
  });

  it('drops the state of a series unseen for state_ttl and fits it afresh when it returns', async () => {
    const runOn = async (instances: string[], nowMs: number, previous?: DetectorStateFile) => {
      const { engine, calls } = fakeEngine();
      const output = await run({ previous, nowMs, fetch: fetcher(instances).fetch, engine });
      return { output, calls };
    };
    const first = await runOn(['a', 'b'], NOW);
    // b is gone for 30 minutes (within the TTL of an hour): its state stays and it is restored on return.
    const gone = await runOn(['a'], NOW + 30 * MINUTE, first.output.state);
    expect(Object.keys(gone.output.state.series).sort()).toEqual(['{instance="a"}', '{instance="b"}']);
    const back = await runOn(['a', 'b'], NOW + 35 * MINUTE, gone.output.state);
    expect(back.calls).toEqual({ created: 0, restored: 2 });
    // Gone for longer than the TTL: its state is dropped, and when it returns it is fitted afresh.
    const later = await runOn(['a'], NOW + 100 * MINUTE, back.output.state);
    expect(Object.keys(later.output.state.series)).toEqual(['{instance="a"}']);
    const returned = await runOn(['a', 'b'], NOW + 105 * MINUTE, later.output.state);
    expect(returned.calls).toEqual({ created: 1, restored: 1 });
    expect(returned.output.state.series['{instance="b"}'].fittedAtMs).toBe(NOW + 105 * MINUTE);
  });

  it('spreads the scheduled refit over runs: each series once per period, one group per run', () => {
    const day = 86_400_000;
    const schedule: RetrainPolicy = { ...policy, refitEveryMs: day, refitGroups: 24 };
    const keys = Array.from({ length: 480 }, (_, i) => `{instance="host-${i}"}`);
    const fittedAt = new Map(keys.map((key) => [key, NOW]));
    const refitsPerRun: number[] = [];
    for (let t = NOW + 5 * MINUTE; t <= NOW + 2 * day; t += 5 * MINUTE) {
      let refits = 0;
      for (const key of keys) {
        if (scheduledRefitDue(key, fittedAt.get(key)!, t, schedule)) {
          fittedAt.set(key, t);
          refits++;
        }
      }
      refitsPerRun.push(refits);
    }
    // Two days: every series refitted twice, never more than about one group (1/24) in a run.
    expect(refitsPerRun.reduce((sum, count) => sum + count, 0)).toBe(2 * keys.length);
    expect(Math.max(...refitsPerRun)).toBeLessThan(keys.length / 12);
    expect(refitsPerRun.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2 * 24 - 1);
    expect(scheduledRefitDue(keys[0], NOW, NOW + 10 * day, { ...policy, refitEveryMs: undefined })).toBe(false);
  });
});
