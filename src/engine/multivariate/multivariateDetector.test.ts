import { parseDetectorSpec } from '../detectorSpec';
import { scoreCausally } from '../pipeline/scoreCausally';
import {
  generateMultivariateMetrics,
  MULTIVARIATE_METRICS,
  type MultivariateTarget,
} from '../synthetic/multivariateMetrics';
import { joinSeries, sliceJoined, type JoinedSeries } from './joinSeries';
import { MultivariateDetector } from './multivariateDetector';

const STEP = 60_000;
/** A window counts as found when a flagged point falls in it or up to 15 minutes after it. */
const SLACK_MS = 15 * 60_000;
const spec = parseDetectorSpec({
  id: 'service',
  name: 'service',
  query: 'demo_service_traffic',
  multivariate: {
    on: ['instance'],
    primary: 'traffic',
    queries: { latency: 'demo_service_latency', errors: 'demo_service_errors', cpu: 'demo_service_cpu' },
  },
});

function joined(target: MultivariateTarget): JoinedSeries {
  const outcome = joinSeries(
    MULTIVARIATE_METRICS.map((metric) => ({ metric, series: [target.metrics[metric]] })),
    ['instance'],
    STEP
  );
  return outcome.joined[0];
}

/** Fitted on the first 40%, scored on the rest, per target. */
function backtest() {
  return generateMultivariateMetrics().map((target) => {
    const all = joined(target);
    const split = Math.floor(all.timestamps.length * 0.4);
    const detector = MultivariateDetector.fit(spec, sliceJoined(all, 0, split));
    return { target, split, detector, result: detector.score(sliceJoined(all, split, all.timestamps.length)) };
  });
}

function inWindow(target: MultivariateTarget, timestamp: number): boolean {
  return target.anomalyWindows.some(([start, end]) => timestamp >= start && timestamp <= end + SLACK_MS);
}

describe('MultivariateDetector on the synthetic multivariate set', () => {
  const runs = backtest();

  it('finds every decoupling window, names the decoupled metric first, and raises few false alarms', () => {
    for (const { target, result } of runs) {
      const flagged = Array.from(result.timestamps).filter((_, i) => result.anomalies[i] === 1);
      const inside = flagged.filter((time) => inWindow(target, time));
      expect({ target: target.instance, found: inside.length > 0 }).toEqual({
        target: target.instance,
        found: target.anomalyWindows.length > 0,
      });
      expect(flagged.length - inside.length).toBeLessThanOrEqual(12);
      if (target.scenario !== 'none') {
        const first = result.anomalies.indexOf(
          1,
          result.timestamps.findIndex((time) => inWindow(target, time))
        );
        const shares = result.contributions.subarray(first * 4, first * 4 + 4);
        const top = result.metrics[shares.indexOf(Math.max(...shares))];
        expect(top).toBe(target.scenario);
        expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 9);
        expect(result.explanations[first]).toMatch(
          new RegExp(
            `^Unusual combination for instance="${target.instance}": ${target.scenario} [0-9.]+ \\(usual with the others: [0-9.]+; \\d+%\\)`
          )
        );
      }
    }
  });

  it('finds what the default detector misses on each metric alone', () => {
    const univariate = parseDetectorSpec({ id: 'alone', name: 'alone', query: 'q' });
    let mvFound = 0;
    let univariateFound = 0;
    for (const { target, split, result } of runs.filter((run) => run.target.scenario !== 'none')) {
      mvFound += result.anomalies.some((flag, i) => flag === 1 && inWindow(target, result.timestamps[i])) ? 1 : 0;
      const alone = MULTIVARIATE_METRICS.some((metric) => {
        const series = target.metrics[metric];
        const scored = scoreCausally(univariate, series.timestamps, series.values);
        return scored.anomalies.some((flag, i) => flag === 1 && i >= split && inWindow(target, scored.timestamps[i]));
      });
      univariateFound += alone ? 1 : 0;
    }
    expect(mvFound).toBe(4);
    expect(univariateFound).toBe(0);
  });

  it('scores identically after a round trip through its few-KiB state, and carries the join labels', () => {
    const { detector, target } = runs[0];
    const all = joined(target);
    const text = JSON.stringify(detector.toState());
    expect(text.length).toBeLessThan(8 * 1024);
    const restored = MultivariateDetector.fromState(spec, JSON.parse(text));
    const again = restored.score(all);
    const original = detector.score(all);
    expect(Array.from(again.scores)).toEqual(Array.from(original.scores));
    expect(again.labels).toEqual({ instance: target.instance });
  });

  it('refuses a state of another version or with arrays that do not fit its metrics', () => {
    const state = runs[0].detector.toState();
    expect(() => MultivariateDetector.fromState(spec, { ...state, version: 1 })).toThrow();
    expect(() => MultivariateDetector.fromState(spec, { ...state, centers: [0] })).toThrow(
      'multivariate state: arrays do not match its 4 metrics'
    );
  });

  it('refuses to fit on too little joint data and to score other metrics', () => {
    const all = joined(runs[0].target);
    expect(() => MultivariateDetector.fit(spec, sliceJoined(all, 0, 10))).toThrow(
      'detector service: multivariate: 10 points have every metric; at least 32 are needed to fit'
    );
    const other = { ...all, metrics: ['traffic', 'latency', 'errors', 'memory'] };
    expect(() => runs[0].detector.score(other)).toThrow(/fitted on traffic, latency, errors, cpu/);
  });
});

describe('the multivariate spec block', () => {
  it('names the offending key', () => {
    expect(() =>
      parseDetectorSpec({ id: 'x', name: 'x', query: 'q', multivariate: { on: [], queries: { a: 'b' } } })
    ).toThrow('detector: multivariate.on: name at least one label to join on, e.g. [instance]');
    expect(() =>
      parseDetectorSpec({ id: 'x', name: 'x', query: 'q', multivariate: { on: ['pod'], queries: {} } })
    ).toThrow('detector: multivariate.queries: name at least one more query');
    expect(() =>
      parseDetectorSpec({ id: 'x', name: 'x', query: 'q', multivariate: { on: ['pod'], queries: { primary: 'b' } } })
    ).toThrow('primary names the spec query; pick another name');
  });
});
