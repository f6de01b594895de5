import type { DetectionOutcome } from '../../alerting';
import type { DetectionResult, Detector } from '../../engine/detection';
import type { DetectorSpec } from '../../engine/detectorSpec';
import { parseDuration } from '../../engine/duration';
import { counterHint } from '../../engine/preprocess/counterHint';
import { upperBound } from '../../engine/util/sortedSearch';
import { lastFiniteIndex, seriesKey, type Series } from '../../engine/series';
import type { Logger } from '../log';
import { RestoreFailures } from './restoreFailures';
import { UnscoredPoints } from './unscoredPoints';
import type { ScoreExecutor } from './scoringPool';
import { outcomeAt } from './detectionOutcome';
import { OVERLAP_STEPS } from './readOverlap';
import { specHash, type DetectorStateFile, type RefitReason, type SeriesState } from './detectorState';
import { finiteCount, sliceSeries } from './seriesPoints';
import { stableHash } from '../shard';

/** How the CLI reaches the engine (the real one in production, a small fake in unit tests). */
export interface DetectorEngine {
  create(spec: DetectorSpec): Detector;
  /** Throws when the state is corrupt or of another version. */
  restore(spec: DetectorSpec, state: unknown): Detector;
}

export interface RetrainPolicy {
  minPoints: number;
  /** Scheduled full refit of every series from its training window (config refit_every); absent: never. */
  refitEveryMs?: number;
  /** The schedule is spread over this many groups of series, each refitted at its own phase of the period. */
  refitGroups: number;
  retrainAfterAnomalies: number;
  /** Drift events make the series refit (config drift_detection and the spec's drift.enabled). */
  refitOnDrift: boolean;
  /** The state of a series not seen for this long is dropped; if it returns it is fitted afresh (config state_ttl). */
  stateTtlMs: number;
}

export interface ScoredSeries {
  series: Series;
  /** The scored points only (those after the series' previous run). */
  result: DetectionResult;
}

export interface DetectorRunInput {
  spec: DetectorSpec;
  policy: RetrainPolicy;
  previous: DetectorStateFile | undefined;
  nowMs: number;
  /** Every series of the detector's query in this shard, on the grid start..end at stepMs. */
  fetch(startMs: number, endMs: number, stepMs: number): Promise<Series[]>;
  /** Runs restore/fit/score per series, on this thread or on worker threads. */
  executor: ScoreExecutor;
  log: Logger;
  onScored?: (scored: ScoredSeries) => void;
  /** See RunTally.followed. */
  followed?: (labels: Record<string, string>) => boolean;
}

/** What one detector's run did with its series. */
export interface SeriesCounts {
  seriesScored: number;
  anomalies: number;
  refitted: number;
  restored: number;
  skipped: number;
  points: number;
}

export function noSeriesCounts(): SeriesCounts {
  return { seriesScored: 0, anomalies: 0, refitted: 0, restored: 0, skipped: 0, points: 0 };
}

export interface DetectorRunOutput extends SeriesCounts {
  /** The seriesKey of every series (or target) the run's query returned, scored or not. */
  returned: Set<string>;
  state: DetectorStateFile;
  outcomes: DetectionOutcome[];
  queryMs: number;
  scoreMs: number;
}

function lastFiniteTimestamp(series: Series): number {
  const last = lastFiniteIndex(series.values);
  return last >= 0 ? series.timestamps[last] : Number.NEGATIVE_INFINITY;
}

/**
 * Whether a scheduled refit fell between the series' last fit and now. Series are split into
 * `refitGroups` groups by the hash of their labels; group g refits at g/groups of the way through each
 * period, so one run refits one group rather than every series at once.
 */
export function scheduledRefitDue(key: string, fittedAtMs: number, nowMs: number, policy: RetrainPolicy): boolean {
  const every = policy.refitEveryMs;
  if (every === undefined) {
    return false;
  }
  const phase = ((stableHash(key) % policy.refitGroups) * every) / policy.refitGroups;
  return Math.floor((nowMs - phase) / every) > Math.floor((fittedAtMs - phase) / every);
}

export function needsRefit(key: string, entry: SeriesState | undefined, policy: RetrainPolicy, nowMs: number): boolean {
  return (
    !entry?.model ||
    entry.fittedAtMs === undefined ||
    entry.refitReason !== undefined ||
    scheduledRefitDue(key, entry.fittedAtMs, nowMs, policy)
  );
}

/** A series once too short to fit whose points cannot reach what a fit needs yet: its history is not fetched. */
export function waitingToFit(entry: SeriesState | undefined): boolean {
  return entry?.fitNotBeforeMs !== undefined && entry.lastTimestampMs < entry.fitNotBeforeMs;
}

/**
 * The state of a series with `points` of the `needed` points to fit, up to its last point `lastTimestampMs`: a
 * later fit takes its points up to the last one seen then, which gains one a step at most.
 */
export function waitingState(lastTimestampMs: number, points: number, needed: number, stepMs: number): SeriesState {
  return { lastTimestampMs, anomaliesSinceFit: 0, fitNotBeforeMs: lastTimestampMs + (needed - points) * stepMs };
}

/** What a run reads: from where, and whether that range includes every series' training window. */
export interface RunRange {
  /** The states carried over from the previous run (none after a spec change; none past the state TTL). */
  carried: Record<string, SeriesState>;
  fullHistory: boolean;
  startMs: number;
  endMs: number;
  /** Points at or before this are never scored (the scoring window's start). */
  windowStartMs: number;
  /** The newest point the carried states scored (-Infinity when none). */
  newestScoredMs: number;
}

/**
 * Where a run starts reading: just after the newest point scored so far (less a small overlap), unless no
 * series has state or most need a refit, when one query over the whole training window serves them all.
 */
export function runRange(
  spec: DetectorSpec,
  previous: DetectorStateFile | undefined,
  policy: RetrainPolicy,
  nowMs: number,
  log: Logger
): RunRange {
  const stepMs = parseDuration(spec.step)!;
  const endMs = Math.floor(nowMs / stepMs) * stepMs;
  const windowStartMs = endMs - parseDuration(spec.scoringWindow)!;
  let carried = previous?.series ?? {};
  if (previous && previous.specHash !== specHash(spec)) {
    log.info({ detector: spec.id }, 'detector spec changed since the last run: refitting every series');
    carried = {};
  }
  const live = Object.entries(carried).filter(([, entry]) => nowMs - entry.lastTimestampMs <= policy.stateTtlMs);
  const expired = Object.keys(carried).length - live.length;
  if (expired > 0) {
    log.info({ detector: spec.id, series: expired }, 'state dropped for series not seen within state_ttl');
    carried = Object.fromEntries(live);
  }
  // A series once too short to fit may be gone (a short-lived pod): it must not make every run read the whole window.
  const due = live.filter(
    ([key, entry]) => entry.fitNotBeforeMs === undefined && needsRefit(key, entry, policy, nowMs)
  ).length;
  const fullHistory = live.length === 0 || due > live.length / 2;
  const newestLast = Math.max(...live.map(([, entry]) => entry.lastTimestampMs));
  const startMs = fullHistory
    ? windowStartMs - parseDuration(spec.trainingWindow)!
    : Math.max(windowStartMs, newestLast - OVERLAP_STEPS * stepMs) + stepMs;
  return { carried, fullHistory, startMs, endMs, windowStartMs, newestScoredMs: newestLast };
}

/** The refit a series owes its next run, if any, after this run's drift events and anomalies. */
function refitReasonAfter(
  spec: DetectorSpec,
  key: string,
  result: DetectionResult,
  anomaliesSinceFit: number,
  policy: RetrainPolicy,
  log: Logger
): RefitReason | undefined {
  if (policy.refitOnDrift && result.drift.length > 0) {
    log.info(
      { detector: spec.id, series: key, at: new Date(result.drift[0].timestamp).toISOString() },
      'drift detected: the series will be refitted'
    );
    return 'drift';
  }
  return anomaliesSinceFit >= policy.retrainAfterAnomalies ? 'anomalies' : undefined;
}

/** What a run gathers as it scores its series (or multivariate targets). */
export interface RunTally {
  spec: DetectorSpec;
  policy: RetrainPolicy;
  log: Logger;
  nowMs: number;
  counts: SeriesCounts;
  outcomes: DetectionOutcome[];
  /**
   * Whether the alert lifecycle already follows the series (it has an alert entry): it then gets every point. A
   * series it does not follow and without an anomalous point in this run gives only its last point, which is all
   * the lifecycle takes from it (a new entry of normal points is forgotten at once); a cold run of 10,000 series
   * held 600,000 outcomes for that. Absent: every point of every series.
   */
  followed?: (labels: Record<string, string>) => boolean;
}

/** One series (or target) scored in this run: fitted now, or restored from its `entry`. */
export interface ScoredEntry {
  key: string;
  labels: Record<string, string>;
  result: DetectionResult;
  fitted: boolean;
  entry: SeriesState | undefined;
  /** The detector's state as JSON text, kept unless the series owes a refit. */
  model: string;
  lastTimestampMs: number;
  /** The result's points that become outcomes; default all. */
  reported?: (index: number) => boolean;
}

/**
 * Adds a scored series to the run (its points' outcomes and its counts) and returns the state entry the next run
 * continues from: when its model was fitted, its anomalies since, and the refit it owes or else its model.
 */
export function recordScored(run: RunTally, scored: ScoredEntry): SeriesState {
  const { key, result, fitted, entry } = scored;
  const fittedAtMs = fitted ? run.nowMs : entry!.fittedAtMs;
  const reported = (i: number) => !scored.reported || scored.reported(i);
  let anomalies = 0;
  let last = -1;
  for (let i = 0; i < result.timestamps.length; i++) {
    if (reported(i)) {
      anomalies += result.anomalies[i] === 1 ? 1 : 0;
      last = i;
    }
  }
  const everyPoint = anomalies > 0 || (run.followed?.(scored.labels) ?? true);
  for (let i = everyPoint ? 0 : Math.max(0, last); i <= last; i++) {
    if (reported(i)) {
      run.outcomes.push(outcomeAt(scored.labels, result, i, fittedAtMs));
    }
  }
  const anomaliesSinceFit = (fitted ? 0 : (entry?.anomaliesSinceFit ?? 0)) + anomalies;
  const refitReason = refitReasonAfter(run.spec, key, result, anomaliesSinceFit, run.policy, run.log);
  run.counts.seriesScored++;
  run.counts.refitted += fitted ? 1 : 0;
  run.counts.restored += fitted ? 0 : 1;
  run.counts.anomalies += anomalies;
  run.counts.points += result.timestamps.length;
  return {
    fittedAtMs,
    lastTimestampMs: scored.lastTimestampMs,
    anomaliesSinceFit,
    ...(refitReason ? { refitReason } : {}),
    ...(refitReason ? {} : { model: scored.model }),
  };
}

/**
 * One detector's run over its series: restore each series' stored model and score the points after
 * its last scored one (at most the scoring window), querying only that recent range for all series at
 * once. Series that need a fit (new, no or unreadable model, spec changed, drift, too many anomalies, a
 * scheduled refit) get their training window in a second query; when most series need one, a single
 * query covers the whole window. A series with too few points to fit is remembered with the earliest time it
 * could have enough, and its history is not fetched again before then. Only series with data get a new state
 * entry; others keep theirs until they have not been seen for the state TTL.
 */
export async function runDetector(input: DetectorRunInput): Promise<DetectorRunOutput> {
  const { spec, policy, nowMs, log } = input;
  const stepMs = parseDuration(spec.step)!;
  const trainingMs = parseDuration(spec.trainingWindow)!;
  const hash = specHash(spec);
  const range = runRange(spec, input.previous, policy, nowMs, log);
  const { carried: previousSeries, fullHistory, startMs, endMs, windowStartMs } = range;

  let queryMs = 0;
  const fetchTimed = async (from: number): Promise<Series[]> => {
    const started = performance.now();
    try {
      return from <= endMs ? await input.fetch(from, endMs, stepMs) : [];
    } finally {
      queryMs += performance.now() - started;
    }
  };

  let scoreMs = 0;
  const series: Record<string, SeriesState> = { ...previousSeries };
  const outcomes: DetectionOutcome[] = [];
  const output = noSeriesCounts();
  const tally: RunTally = { spec, policy, log, nowMs, counts: output, outcomes, followed: input.followed };
  const restoreFailures = new RestoreFailures(log, spec.id);
  const unscored = new UnscoredPoints(log, spec.id, range, stepMs);

  /** Scores one series; 'needs-history' when it must be fitted but this fetch did not cover its training window. */
  const scoreSeries = async (
    current: Series,
    withHistory: boolean,
    forceRefit: boolean
  ): Promise<'done' | 'needs-history'> => {
    const key = seriesKey(current.labels);
    const entry = previousSeries[key];
    const cutoff = Math.max(entry?.lastTimestampMs ?? Number.NEGATIVE_INFINITY, windowStartMs);
    const split = upperBound(current.timestamps, cutoff);
    const toScore = sliceSeries(current, split);
    if (toScore.timestamps.length === 0 || finiteCount(toScore.values) === 0) {
      return 'done';
    }
    if (waitingToFit(entry)) {
      output.skipped++;
      series[key] = { ...entry!, lastTimestampMs: lastFiniteTimestamp(toScore) };
      return 'done';
    }
    const restore = !forceRefit && !needsRefit(key, entry, policy, nowMs);
    const outcome = await input.executor.run({
      spec,
      series: current,
      split,
      model: restore ? entry!.model : undefined,
      withHistory,
      minPoints: policy.minPoints,
    });
    if (outcome.kind !== 'too-little-history' && outcome.restoreError !== undefined) {
      restoreFailures.add(key, outcome.restoreError);
    }
    if (outcome.kind === 'needs-history') {
      return 'needs-history';
    }
    if (outcome.kind === 'too-little-history') {
      output.skipped++;
      // The points a later fit can take: the history and the points seen here (its split moves to the last one).
      const points = outcome.points + finiteCount(toScore.values);
      series[key] = waitingState(lastFiniteTimestamp(toScore), points, policy.minPoints, stepMs);
      log.debug(
        {
          detector: spec.id,
          series: key,
          points: outcome.points,
          minPoints: policy.minPoints,
          fitNotBefore: new Date(series[key].fitNotBeforeMs!).toISOString(),
        },
        'too little history to fit'
      );
      return 'done';
    }
    const { result, fitted } = outcome;
    unscored.add(entry);
    series[key] = recordScored(tally, {
      key,
      labels: current.labels,
      result,
      fitted,
      entry,
      model: outcome.model,
      lastTimestampMs: lastFiniteTimestamp(toScore),
      reported: (i) => Number.isFinite(result.values[i]),
    });
    input.onScored?.({ series: current, result });
    return 'done';
  };

  const scoreAll = async (list: Series[], withHistory: boolean, forceRefit = false): Promise<Set<string>> => {
    const started = performance.now();
    const needHistory = new Set<string>();
    const answers = await Promise.all(list.map((current) => scoreSeries(current, withHistory, forceRefit)));
    answers.forEach((answer, index) => {
      if (answer === 'needs-history') {
        needHistory.add(seriesKey(list[index].labels));
      }
    });
    scoreMs += performance.now() - started;
    return needHistory;
  };

  const recent = await fetchTimed(startMs);
  const hint = counterHint(recent, spec.counter, spec.query);
  if (hint) {
    log.warn({ detector: spec.id, hint }, 'the counter setting looks wrong for what the query returns');
  }
  const needHistory = await scoreAll(recent, fullHistory);
  if (needHistory.size > 0) {
    // New series, or stored models that could not be restored: fetch their training window too.
    const history = await fetchTimed(windowStartMs - trainingMs);
    await scoreAll(
      history.filter((current) => needHistory.has(seriesKey(current.labels))),
      true,
      true
    );
  }
  restoreFailures.report();
  unscored.report();
  return {
    returned: new Set(recent.map((current) => seriesKey(current.labels))),
    state: { detectorId: spec.id, specHash: hash, runAtMs: nowMs, series },
    outcomes,
    ...output,
    queryMs,
    scoreMs,
  };
}
