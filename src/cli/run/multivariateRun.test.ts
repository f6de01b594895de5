import pino from 'pino';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import type { Series } from '../../engine/series';
import type { RetrainPolicy } from './detectorRun';
import type { DetectorStateFile } from './detectorState';
import { runMultivariateDetector } from './multivariateRun';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const spec = parseDetectorSpec({
  id: 'service',
  name: 'Service',
  query: 'traffic',
  step: '1m',
  trainingWindow: '2h',
  scoringWindow: '10m',
  multivariate: { on: ['instance'], primary: 'traffic', queries: { latency: 'latency' } },
});
const policy: RetrainPolicy = {
  minPoints: 30,
  refitGroups: 1,
  retrainAfterAnomalies: 5,
  refitOnDrift: false,
  stateTtlMs: 3_600_000,
};

/** Two instances: `long` has history from before the training window, `short` only from `bornAt`. */
function twoTargets(bornAt: number) {
  return async (query: string, startMs: number, endMs: number, stepMs: number): Promise<Series[]> => {
    const grid = (from: number) =>
      Float64Array.from({ length: Math.floor((endMs - from) / stepMs) + 1 }, (_, i) => from + i * stepMs);
    return [
      { labels: { instance: 'long' }, timestamps: grid(startMs) },
      { labels: { instance: 'short' }, timestamps: grid(Math.max(startMs, bornAt)) },
    ].map((one) => ({
      ...one,
      values: Float64Array.from(one.timestamps, (time) => (query === 'traffic' ? 50 : 20) + Math.sin(time / 7e5)),
    }));
  };
}

describe('runMultivariateDetector', () => {
  it('waits for min_points complete rows where they are more than the model needs', async () => {
    const output = await runMultivariateDetector({
      spec,
      policy: { ...policy, minPoints: 60 },
      previous: undefined,
      nowMs: NOW,
      fetch: twoTargets(NOW - 15 * MINUTE),
      log: pino({ level: 'silent' }),
    });
    expect(output).toMatchObject({ refitted: 1, skipped: 1 });
    expect(output.returned).toEqual(new Set(['{instance="long"}', '{instance="short"}']));
    // 16 rows of the 60 asked for: 44 more steps at least, where the forest alone would need 16.
    expect(output.state.series['{instance="short"}']).toMatchObject({ fitNotBeforeMs: NOW + 44 * MINUTE });
  });

  it('fetches no history for a target too short to fit until it can have enough points, then fits it', async () => {
    // `short` starts 15 minutes before NOW: 16 points of the 32 the forest needs, so 16 more steps at least.
    const bornAt = NOW - 15 * MINUTE;
    const requests: number[] = [];
    const fetchBoth = twoTargets(bornAt);
    const fetch = async (query: string, startMs: number, endMs: number, stepMs: number): Promise<Series[]> => {
      requests.push(startMs);
      return fetchBoth(query, startMs, endMs, stepMs);
    };
    const runAt = async (minutes: number, previous?: DetectorStateFile) => {
      requests.length = 0;
      const nowMs = NOW + minutes * MINUTE;
      const output = await runMultivariateDetector({
        spec,
        policy,
        previous,
        nowMs,
        fetch,
        log: pino({ level: 'silent' }),
      });
      // One query per metric reaching back to the training window.
      return { output, historyQueries: requests.filter((startMs) => startMs <= nowMs - 2 * 3_600_000).length };
    };

    const first = await runAt(0);
    expect(first.output).toMatchObject({ refitted: 1, skipped: 1 });
    expect(first.output.state.series['{instance="short"}']).toEqual({
      lastTimestampMs: NOW,
      anomaliesSinceFit: 0,
      fitNotBeforeMs: NOW + 16 * MINUTE,
    });
    const second = await runAt(5, first.output.state);
    expect(second).toMatchObject({ output: { restored: 1, skipped: 1, refitted: 0 }, historyQueries: 0 });
    const third = await runAt(16, second.output.state);
    expect(third).toMatchObject({ output: { restored: 1, skipped: 1, refitted: 0 }, historyQueries: 0 });
    expect(third.output.state.series['{instance="short"}']).toMatchObject({ lastTimestampMs: NOW + 16 * MINUTE });
    // Its points up to NOW + 16m are 32: the next run fetches its history, fits it and scores the 4 new points.
    const fourth = await runAt(20, third.output.state);
    expect(fourth).toMatchObject({ output: { restored: 1, refitted: 1, skipped: 0, points: 8 }, historyQueries: 2 });
    expect(fourth.output.state.series['{instance="short"}']).toMatchObject({ fittedAtMs: NOW + 20 * MINUTE });
  });

  it('warns with the points of the targets scored now that a run longer ago than the scoring window left out', async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const fetch = twoTargets(NOW - 3 * 3_600_000);
    const first = await runMultivariateDetector({ spec, policy, previous: undefined, nowMs: NOW, fetch, log });
    const late = await runMultivariateDetector({
      spec,
      policy,
      previous: first.state,
      nowMs: NOW + 25 * MINUTE,
      fetch,
      log,
    });
    expect(late).toMatchObject({ restored: 2 });
    expect(warnings).toEqual([expect.objectContaining({ detector: 'service', series: 2, points: 30 })]);
  });
});
