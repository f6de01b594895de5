import type { DetectionResult } from '../../engine/detection';
import type { DetectorSpec } from '../../engine/detectorSpec';
import { parseDuration } from '../../engine/duration';
import { episodes, seriesEpisodeGapMs } from '../../engine/evaluation/episodes';
import { seriesKey, seriesSelector, type Series } from '../../engine/series';
import type { Logger } from '../log';
import type { DetectorEngine } from '../run/detectorRun';
import { finiteCount, sliceSeries } from '../run/seriesPoints';
import type { ReportSection } from './htmlReport';

export interface SeriesDay {
  series: Series;
  result: DetectionResult;
  anomalies: number;
  episodes: number;
  maxScore: number;
}

/** One detector's day: its scored series, and how many were left out and why. */
export interface DetectorDay {
  days: SeriesDay[];
  /** Fewer than min_points points before the day: a run could not have fitted them either. */
  tooLittleHistory: number;
  /** No point in the day. */
  noPointsInDay: number;
}

/**
 * Scores one detector's series over [fromMs, toMs): each series is fitted on the training window before
 * `fromMs` (like a run would have been) and scores the day. Series with too little history, or no point in
 * the day, are left out and counted.
 */
export function scoreDay(
  engine: DetectorEngine,
  spec: DetectorSpec,
  seriesList: Series[],
  fromMs: number,
  minPoints: number,
  log: Logger
): DetectorDay {
  const scored: DetectorDay = { days: [], tooLittleHistory: 0, noPointsInDay: 0 };
  for (const series of seriesList) {
    const found = series.timestamps.findIndex((t) => t >= fromMs);
    const split = found < 0 ? series.timestamps.length : found;
    const history = sliceSeries(series, 0, split);
    const day = sliceSeries(series, split);
    const reason =
      finiteCount(day.values) === 0
        ? 'noPointsInDay'
        : finiteCount(history.values) < minPoints
          ? 'tooLittleHistory'
          : undefined;
    if (reason) {
      scored[reason]++;
      log.debug({ detector: spec.id, series: seriesKey(series.labels), reason }, 'left out of the report');
      continue;
    }
    const detector = engine.create(spec);
    detector.fit(history);
    const result = detector.score(day);
    scored.days.push({
      series,
      result,
      anomalies: result.anomalies.reduce((sum, flag) => sum + flag, 0),
      episodes: episodes(result.anomalies, result.timestamps, { maxGapMs: seriesEpisodeGapMs(result.timestamps) })
        .length,
      maxScore: result.scores.reduce((max, score) => Math.max(max, score), 0),
    });
  }
  return scored;
}

/** "2 series left out: 1 with fewer than min_points (60) points before the day, 1 with no point in the day". */
export function leftOutText({ tooLittleHistory, noPointsInDay }: DetectorDay, minPoints: number): string | undefined {
  const reasons = [
    tooLittleHistory > 0 && `${tooLittleHistory} with fewer than min_points (${minPoints}) points before the day`,
    noPointsInDay > 0 && `${noPointsInDay} with no point in the day`,
  ].filter(Boolean);
  return reasons.length > 0 ? `${tooLittleHistory + noPointsInDay} series left out: ${reasons.join(', ')}` : undefined;
}

/** One report section per detector: a table of every series and plots of the most anomalous ones. */
export function detectorSection(
  spec: DetectorSpec,
  scored: DetectorDay,
  maxPlots: number,
  minPoints: number
): ReportSection {
  const { days } = scored;
  const ranked = [...days].sort((a, b) => b.anomalies - a.anomalies || b.maxScore - a.maxScore);
  const anomalies = days.reduce((sum, day) => sum + day.anomalies, 0);
  const leftOut = leftOutText(scored, minPoints);
  return {
    heading: `${spec.name} (${spec.id})`,
    text: `${spec.query} | step ${spec.step}, trained on ${spec.trainingWindow} before the day | ${days.length} series, ${anomalies} anomalous points${leftOut ? ` | ${leftOut}` : ''}`,
    table: {
      columns: ['series', 'points', 'anomalous points', 'episodes', 'max score'],
      rows: ranked.map((day) => [
        seriesSelector(day.series.labels),
        day.result.timestamps.length,
        day.anomalies,
        day.episodes,
        day.maxScore.toFixed(3),
      ]),
    },
    plots: ranked.slice(0, maxPlots).map((day) => ({
      caption: `${spec.id} ${seriesSelector(day.series.labels)}`,
      plot: {
        title: seriesSelector(day.series.labels),
        timestamps: day.result.timestamps,
        values: day.result.values,
        lower: day.result.lower,
        upper: day.result.upper,
        detections: day.result.anomalies,
      },
    })),
  };
}

/** Grid start for a day's report: the training window before the day, on the detector's step. */
export function reportRange(
  spec: DetectorSpec,
  fromMs: number,
  toMs: number
): { startMs: number; endMs: number; stepMs: number } {
  const stepMs = parseDuration(spec.step)!;
  const startMs = Math.floor((fromMs - parseDuration(spec.trainingWindow)!) / stepMs) * stepMs;
  return { startMs, endMs: Math.floor((toMs - 1) / stepMs) * stepMs, stepMs };
}
