import type { DetectionOutcome } from '../../alerting';
import type { DetectorSpec } from '../../engine/detectorSpec';
import { parseDuration } from '../../engine/duration';
import { joinSeries, sliceJoined } from '../../engine/multivariate/joinSeries';
import { MultivariateDetector } from '../../engine/multivariate/multivariateDetector';
import { seriesKey, type Series } from '../../engine/series';
import type { Logger } from '../log';
import { outcomeAt } from './detectionOutcome';
import { noSeriesCounts, type DetectorRunOutput, type ScoredSeries } from './detectorRun';
import { specHash, type DetectorStateFile, type SeriesState } from './detectorState';

export interface MultivariateRunInput {
  spec: DetectorSpec;
  previous: DetectorStateFile | undefined;
  nowMs: number;
  /** One query's series in this shard, on the grid start..end at stepMs. */
  fetch(query: string, startMs: number, endMs: number, stepMs: number): Promise<Series[]>;
  log: Logger;
  onScored?: (scored: ScoredSeries) => void;
}

/**
 * One run of a multivariate detector: query every metric over the training and scoring windows, join them by
 * the `on` labels, fit each target on its training window and score the points after its previous run (at
 * most the scoring window). Outcomes carry the join labels, so alerts are per target. The forest is refitted
 * every run (the state keeps only each target's last scored time).
 */
export async function runMultivariateDetector(input: MultivariateRunInput): Promise<DetectorRunOutput> {
  const { spec, nowMs, log } = input;
  const block = spec.multivariate!;
  const stepMs = parseDuration(spec.step)!;
  const endMs = Math.floor(nowMs / stepMs) * stepMs;
  const windowStartMs = endMs - parseDuration(spec.scoringWindow)!;
  const startMs = windowStartMs - parseDuration(spec.trainingWindow)!;
  const hash = specHash(spec);
  const previousTargets = input.previous?.specHash === hash ? input.previous.series : {};

  const queryStarted = performance.now();
  const metrics = [
    { metric: block.primary, query: spec.query },
    ...Object.entries(block.queries).map(([metric, query]) => ({ metric, query })),
  ];
  const fetched = await Promise.all(
    metrics.map(async ({ metric, query }) => ({ metric, series: await input.fetch(query, startMs, endMs, stepMs) }))
  );
  const queryMs = performance.now() - queryStarted;

  const scoreStarted = performance.now();
  const { joined, incomplete, ambiguous } = joinSeries(fetched, block.on, stepMs);
  for (const { labels, missing } of incomplete) {
    log.warn({ detector: spec.id, target: labels, missing }, 'target lacks some of the joined metrics: not scored');
  }
  for (const { labels, metric, series } of ambiguous) {
    log.warn(
      { detector: spec.id, target: labels, metric, series },
      'several series of one metric share the join labels: the first is used'
    );
  }
  const output = noSeriesCounts();
  const outcomes: DetectionOutcome[] = [];
  const targets: Record<string, SeriesState> = { ...previousTargets };
  for (const target of joined) {
    const key = seriesKey(target.labels);
    const cutoff = Math.max(previousTargets[key]?.lastTimestampMs ?? -Infinity, windowStartMs);
    const split = target.timestamps.findIndex((time) => time > windowStartMs);
    const from = target.timestamps.findIndex((time) => time > cutoff);
    if (split <= 0 || from < 0) {
      output.skipped++;
      continue;
    }
    let detector: MultivariateDetector;
    try {
      detector = MultivariateDetector.fit(spec, sliceJoined(target, 0, split));
    } catch (error) {
      output.skipped++;
      log.debug(
        { detector: spec.id, target: target.labels, reason: (error as Error).message },
        'too little history to fit'
      );
      continue;
    }
    const result = detector.score(sliceJoined(target, from, target.timestamps.length));
    let anomalies = 0;
    for (let i = 0; i < result.timestamps.length; i++) {
      const point = outcomeAt(target.labels, result, i);
      anomalies += point.anomalous ? 1 : 0;
      outcomes.push(point);
    }
    targets[key] = {
      fittedAtMs: nowMs,
      lastTimestampMs: result.timestamps[result.timestamps.length - 1],
      anomaliesSinceFit: anomalies,
    };
    output.seriesScored++;
    output.refitted++;
    output.anomalies += anomalies;
    output.points += result.timestamps.length;
    input.onScored?.({
      series: { labels: target.labels, timestamps: result.timestamps, values: result.values },
      result,
    });
  }
  return {
    ...output,
    state: { detectorId: spec.id, specHash: hash, series: targets },
    outcomes,
    queryMs,
    scoreMs: performance.now() - scoreStarted,
  };
}
