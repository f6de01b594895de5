import type { DetectionOutcome } from '../../alerting';
import type { DetectorSpec } from '../../engine/detectorSpec';
import { parseDuration } from '../../engine/duration';
import { upperBound } from '../../engine/util/sortedSearch';
import { joinSeries, sliceJoined, type JoinedSeries } from '../../engine/multivariate/joinSeries';
import { MultivariateDetector } from '../../engine/multivariate/multivariateDetector';
import { seriesKey, type Series } from '../../engine/series';
import type { Logger } from '../log';
import {
  needsRefit,
  noSeriesCounts,
  recordScored,
  runRange,
  waitingState,
  waitingToFit,
  type DetectorRunOutput,
  type RetrainPolicy,
  type RunTally,
  type ScoredSeries,
} from './detectorRun';
import { specHash, type DetectorStateFile, type SeriesState } from './detectorState';
import { RestoreFailures } from './restoreFailures';
import { UnscoredPoints } from './unscoredPoints';

export interface MultivariateRunInput {
  spec: DetectorSpec;
  policy: RetrainPolicy;
  previous: DetectorStateFile | undefined;
  nowMs: number;
  /** One query's series in this shard, on the grid start..end at stepMs. */
  fetch(query: string, startMs: number, endMs: number, stepMs: number): Promise<Series[]>;
  log: Logger;
  onScored?: (scored: ScoredSeries) => void;
  /** See RunTally.followed. */
  followed?: (labels: Record<string, string>) => boolean;
}

/**
 * One run of a multivariate detector, incremental like the univariate one (detectorRun.ts): every target
 * (the join labels' values) with a stored model is restored and scores only the points after its last
 * scored one, so the run queries each metric over that recent range only. Targets that need a fit (new,
 * no or unreadable model, spec changed, too many anomalies, a scheduled refit) get every metric's training
 * window in a second query, and are fitted on their points up to the last one scored. A target with fewer complete
 * rows than min_points, or than its model needs, is remembered with the earliest time it could have enough, and its history is not fetched again
 * before then. Outcomes carry the join labels, so alerts are per target.
 */
export async function runMultivariateDetector(input: MultivariateRunInput): Promise<DetectorRunOutput> {
  const { spec, policy, nowMs, log } = input;
  const block = spec.multivariate!;
  const stepMs = parseDuration(spec.step)!;
  const neededRows = Math.max(MultivariateDetector.minTrainingRows(spec), policy.minPoints);
  const range = runRange(spec, input.previous, policy, nowMs, log);
  const previousTargets = range.carried;
  const metrics = [
    { metric: block.primary, query: spec.query },
    ...Object.entries(block.queries).map(([metric, query]) => ({ metric, query })),
  ];

  let queryMs = 0;
  const fetchJoined = async (startMs: number): Promise<JoinedSeries[]> => {
    const started = performance.now();
    const fetched = await Promise.all(
      metrics.map(async ({ metric, query }) => ({
        metric,
        series: startMs <= range.endMs ? await input.fetch(query, startMs, range.endMs, stepMs) : [],
      }))
    );
    queryMs += performance.now() - started;
    const { joined, incomplete, ambiguous } = joinSeries(fetched, block.on, stepMs, spec.counter);
    for (const { labels, missing } of incomplete) {
      log.warn({ detector: spec.id, target: labels, missing }, 'target lacks some of the joined metrics: not scored');
    }
    for (const { labels, metric, series } of ambiguous) {
      log.warn(
        { detector: spec.id, target: labels, metric, series },
        'several series of one metric share the join labels: the first is used'
      );
    }
    return joined;
  };

  let scoreMs = 0;
  const output = noSeriesCounts();
  const outcomes: DetectionOutcome[] = [];
  const targets: Record<string, SeriesState> = { ...previousTargets };
  const tally: RunTally = { spec, policy, log, nowMs, counts: output, outcomes, followed: input.followed };
  const restoreFailures = new RestoreFailures(log, spec.id);
  const unscored = new UnscoredPoints(log, spec.id, range, stepMs);

  const restored = (key: string, entry: SeriesState | undefined): MultivariateDetector | undefined => {
    if (!entry?.model || needsRefit(key, entry, policy, nowMs)) {
      return undefined;
    }
    try {
      return MultivariateDetector.fromState(spec, JSON.parse(entry.model));
    } catch (error) {
      restoreFailures.add(key, (error as Error).message);
      return undefined;
    }
  };

  /** Scores one target; 'needs-history' when it must be fitted but this fetch did not cover its training window. */
  const scoreTarget = (target: JoinedSeries, withHistory: boolean, forceRefit: boolean): 'done' | 'needs-history' => {
    const key = seriesKey(target.labels);
    const entry = previousTargets[key];
    const cutoff = Math.max(entry?.lastTimestampMs ?? Number.NEGATIVE_INFINITY, range.windowStartMs);
    const from = upperBound(target.timestamps, cutoff);
    const last = lastComplete(target);
    if (last < from) {
      return 'done';
    }
    if (waitingToFit(entry)) {
      output.skipped++;
      targets[key] = { ...entry!, lastTimestampMs: target.timestamps[last] };
      return 'done';
    }
    let detector = forceRefit ? undefined : restored(key, entry);
    const fitted = detector === undefined;
    if (!detector) {
      if (!withHistory) {
        return 'needs-history';
      }
      const points = completeRows(target, from);
      if (points < neededRows) {
        output.skipped++;
        // A later fit takes the points up to the last one seen here, as in detectorRun.ts.
        targets[key] = waitingState(target.timestamps[last], completeRows(target, last + 1), neededRows, stepMs);
        log.debug(
          {
            detector: spec.id,
            target: target.labels,
            points,
            needed: neededRows,
            fitNotBefore: new Date(targets[key].fitNotBeforeMs!).toISOString(),
          },
          'too little history to fit'
        );
        return 'done';
      }
      detector = MultivariateDetector.fit(spec, sliceJoined(target, 0, from));
    }
    const result = detector.score(sliceJoined(target, from, last + 1));
    unscored.add(entry);
    targets[key] = recordScored(tally, {
      key,
      labels: target.labels,
      result,
      fitted,
      entry,
      model: JSON.stringify(detector.toState()),
      lastTimestampMs: target.timestamps[last],
    });
    input.onScored?.({
      series: { labels: target.labels, timestamps: result.timestamps, values: result.values },
      result,
    });
    return 'done';
  };

  const scoreAll = (list: JoinedSeries[], withHistory: boolean, forceRefit: boolean): Set<string> => {
    const started = performance.now();
    const needHistory = new Set<string>();
    for (const target of list) {
      if (scoreTarget(target, withHistory, forceRefit) === 'needs-history') {
        needHistory.add(seriesKey(target.labels));
      }
    }
    scoreMs += performance.now() - started;
    return needHistory;
  };

  const recent = await fetchJoined(range.startMs);
  const needHistory = scoreAll(recent, range.fullHistory, false);
  if (needHistory.size > 0) {
    const history = await fetchJoined(range.windowStartMs - parseDuration(spec.trainingWindow)!);
    scoreAll(
      history.filter((target) => needHistory.has(seriesKey(target.labels))),
      true,
      true
    );
  }
  restoreFailures.report();
  unscored.report();
  return {
    ...output,
    returned: new Set(recent.map((target) => seriesKey(target.labels))),
    state: { detectorId: spec.id, specHash: specHash(spec), runAtMs: nowMs, series: targets },
    outcomes,
    queryMs,
    scoreMs,
  };
}

/** The index of the newest point where every metric has a sample (-1 if none): later points wait for the next run. */
function lastComplete(target: JoinedSeries): number {
  for (let i = target.timestamps.length - 1; i >= 0; i--) {
    if (isComplete(target, i)) {
      return i;
    }
  }
  return -1;
}

/** How many of the target's points before index `to` have every metric. */
function completeRows(target: JoinedSeries, to: number): number {
  let count = 0;
  for (let i = 0; i < to; i++) {
    count += isComplete(target, i) ? 1 : 0;
  }
  return count;
}

function isComplete(target: JoinedSeries, i: number): boolean {
  return target.values.every((values) => Number.isFinite(values[i]));
}
