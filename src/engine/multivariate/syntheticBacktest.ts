import type { DetectorSpec } from '../detectorSpec';
import {
  generateMultivariateMetrics,
  MULTIVARIATE_METRICS,
  type MultivariateMetricsOptions,
  type MultivariateTarget,
} from '../synthetic/multivariateMetrics';
import { joinSeries, sliceJoined, type JoinedSeries } from './joinSeries';
import { MultivariateDetector, type MultivariateResult } from './multivariateDetector';

const STEP = 60_000;
/** A window counts as found when a flagged point falls in it or up to 15 minutes after it. */
const SLACK_MS = 15 * 60_000;
/** Each target is fitted on this share of its points and scored on the rest. */
const TRAINING_SHARE = 0.4;

export interface MultivariateRun {
  target: MultivariateTarget;
  /** The first scored point (the points before it were trained on). */
  split: number;
  detector: MultivariateDetector;
  result: MultivariateResult;
}

export interface MultivariateBacktestSummary {
  windows: number;
  windowsFound: number;
  /** Windows whose first flagged point names the decoupled metric as the largest contribution. */
  decoupledNamedFirst: number;
  /** Flagged points outside every labelled window (and its slack), over all targets. */
  falseAlarmPoints: number;
  maxFalseAlarmPointsPerTarget: number;
}

/** A target's four metrics joined by `instance` on the one-minute grid. */
export function joinedTarget(target: MultivariateTarget): JoinedSeries {
  return joinSeries(
    MULTIVARIATE_METRICS.map((metric) => ({ metric, series: [target.metrics[metric]] })),
    ['instance'],
    STEP
  ).joined[0];
}

export function inLabelledWindow(target: MultivariateTarget, timestamp: number): boolean {
  return target.anomalyWindows.some(([start, end]) => timestamp >= start && timestamp <= end + SLACK_MS);
}

/** The spec fitted on the first 40% of each synthetic target and scored on the rest. */
export function backtestMultivariate(spec: DetectorSpec, options: MultivariateMetricsOptions = {}): MultivariateRun[] {
  return generateMultivariateMetrics(options).map((target) => {
    const all = joinedTarget(target);
    const split = Math.floor(all.timestamps.length * TRAINING_SHARE);
    const detector = MultivariateDetector.fit(spec, sliceJoined(all, 0, split));
    return { target, split, detector, result: detector.score(sliceJoined(all, split)) };
  });
}

export function summariseMultivariateBacktest(runs: MultivariateRun[]): MultivariateBacktestSummary {
  const summary: MultivariateBacktestSummary = {
    windows: 0,
    windowsFound: 0,
    decoupledNamedFirst: 0,
    falseAlarmPoints: 0,
    maxFalseAlarmPointsPerTarget: 0,
  };
  for (const { target, result } of runs) {
    let falseAlarms = 0;
    for (let i = 0; i < result.timestamps.length; i++) {
      if (result.anomalies[i] === 1 && !inLabelledWindow(target, result.timestamps[i])) {
        falseAlarms++;
      }
    }
    summary.falseAlarmPoints += falseAlarms;
    summary.maxFalseAlarmPointsPerTarget = Math.max(summary.maxFalseAlarmPointsPerTarget, falseAlarms);
    if (target.scenario === 'none') {
      continue;
    }
    summary.windows += target.anomalyWindows.length;
    const first = result.timestamps.findIndex((time, i) => result.anomalies[i] === 1 && inLabelledWindow(target, time));
    if (first < 0) {
      continue;
    }
    summary.windowsFound += target.anomalyWindows.length;
    const dims = result.metrics.length;
    const shares = result.contributions.subarray(first * dims, (first + 1) * dims);
    summary.decoupledNamedFirst += result.metrics[shares.indexOf(Math.max(...shares))] === target.scenario ? 1 : 0;
  }
  return summary;
}
