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

/**
 * Scores one detector's series over [fromMs, toMs): each series is fitted on the training window before
 * `fromMs` (like a run would have been) and scores the day. Series with too little history are left out.
 */
export function scoreDay(
  engine: DetectorEngine,
  spec: DetectorSpec,
  seriesList: Series[],
  fromMs: number,
  minPoints: number,
  log: Logger
): SeriesDay[] {
  const days: SeriesDay[] = [];
  for (const series of seriesList) {
    const split = series.timestamps.findIndex((t) => t >= fromMs);
    if (split <= 0) {
      continue;
    }
    const history = sliceSeries(series, 0, split);
    const day = sliceSeries(series, split);
    if (finiteCount(history.values) < minPoints || finiteCount(day.values) === 0) {
      log.debug({ detector: spec.id, series: seriesKey(series.labels) }, 'left out of the report: too little data');
      continue;
    }
    const detector = engine.create(spec);
    detector.fit(history);
    const result = detector.score(day);
    days.push({
      series,
      result,
      anomalies: result.anomalies.reduce((sum, flag) => sum + flag, 0),
      episodes: episodes(result.anomalies, result.timestamps, { maxGapMs: seriesEpisodeGapMs(result.timestamps) })
        .length,
      maxScore: result.scores.reduce((max, score) => Math.max(max, score), 0),
    });
  }
  return days;
}

/** One report section per detector: a table of every series and plots of the most anomalous ones. */
export function detectorSection(spec: DetectorSpec, days: SeriesDay[], maxPlots: number): ReportSection {
  const ranked = [...days].sort((a, b) => b.anomalies - a.anomalies || b.maxScore - a.maxScore);
  const anomalies = days.reduce((sum, day) => sum + day.anomalies, 0);
  return {
    heading: `${spec.name} (${spec.id})`,
    text: `${spec.query} | step ${spec.step}, trained on ${spec.trainingWindow} before the day | ${days.length} series, ${anomalies} anomalous points`,
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
