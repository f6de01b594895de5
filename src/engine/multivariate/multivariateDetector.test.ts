import { parseDetectorSpec } from '../detectorSpec';
import { scoreCausally } from '../pipeline/scoreCausally';
import { MULTIVARIATE_METRICS } from '../synthetic/multivariateMetrics';
import { sliceJoined } from './joinSeries';
import { MultivariateDetector } from './multivariateDetector';
import {
  backtestMultivariate,
  inLabelledWindow as inWindow,
  joinedTarget as joined,
  summariseMultivariateBacktest,
} from './syntheticBacktest';

const block = {
  on: ['instance'],
  primary: 'traffic',
  queries: { latency: 'demo_service_latency', errors: 'demo_service_errors', cpu: 'demo_service_cpu' },
};
const spec = parseDetectorSpec({ id: 'service', name: 'service', query: 'demo_service_traffic', multivariate: block });

/** Fitted on the first 40%, scored on the rest, per target. */
function backtest() {
  return backtestMultivariate(spec);
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
            `^Unusual combination for \\{instance="${target.instance}"\\}: ${target.scenario} [0-9.]+ \\(usual with the others: [0-9.]+; \\d+%\\)`
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

describe('MultivariateDetector with an autoencoder over windows of the joint vector', () => {
  /** Fewer epochs and windows than the defaults keep the test to seconds; the bench backtests the defaults. */
  const neural = parseDetectorSpec({
    id: 'service',
    name: 'service',
    query: 'demo_service_traffic',
    model: { kind: 'autoencoder', params: { epochs: 8, maxWindows: 384 } },
    multivariate: block,
  });
  const runs = backtestMultivariate(neural, { targets: 3 });

  it('finds both decoupling windows, names the decoupled metric first by its reconstruction error', () => {
    const summary = summariseMultivariateBacktest(runs);
    expect(summary).toMatchObject({ windows: 2, windowsFound: 2, decoupledNamedFirst: 2 });
    expect(summary.maxFalseAlarmPointsPerTarget).toBeLessThanOrEqual(20);
    for (const { target, result } of runs.filter((run) => run.target.scenario !== 'none')) {
      const first = result.timestamps.findIndex((time, i) => result.anomalies[i] === 1 && inWindow(target, time));
      const shares = result.contributions.subarray(first * 4, first * 4 + 4);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 9);
      expect(result.explanations[first]).toMatch(
        new RegExp(`^Unusual combination for \\{instance="${target.instance}"\\}: ${target.scenario} [0-9.]+ \\(usual`)
      );
    }
  });

  it('keeps its network in the state, and a restored detector continues its window with the same scores', () => {
    const { target, split } = runs[0];
    const all = joined(target);
    const fitted = MultivariateDetector.fit(neural, sliceJoined(all, 0, split));
    const head = sliceJoined(all, split, split + 300);
    const tail = sliceJoined(all, split + 300);
    fitted.score(head);
    const text = JSON.stringify(fitted.toState());
    expect(JSON.parse(text).network.kind).toBe('autoencoder');
    expect(text.length).toBeLessThan(32 * 1024);
    const restored = MultivariateDetector.fromState(neural, JSON.parse(text));
    expect(Array.from(restored.score(tail).scores)).toEqual(Array.from(fitted.score(tail).scores));
  });

  it('fits in steps, one per epoch, to the detector a one-go fit gives', () => {
    const { target, split, result } = runs[0];
    const steps = MultivariateDetector.fitSteps(neural, sliceJoined(joined(target), 0, split));
    const epochs: number[] = [];
    let next = steps.next();
    while (!next.done) {
      expect(next.value.epochs).toBe(8);
      epochs.push(next.value.epoch);
      next = steps.next();
    }
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i + 1));
    expect(epochs.length).toBeGreaterThan(0);
    expect(Array.from(next.value.score(sliceJoined(joined(target), split)).scores)).toEqual(Array.from(result.scores));
  });

  it('refuses a network state for another number of metrics', () => {
    const state = runs[0].detector.toState();
    const three = { ...state, metrics: state.metrics.slice(0, 3), centers: [0, 0, 0], scales: [1, 1, 1] };
    expect(() => MultivariateDetector.fromState(neural, three)).toThrow(
      'multivariate state: its network takes 4 metrics, not 3'
    );
  });
});
