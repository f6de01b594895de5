import { alertLoad, eventMetrics, medianOrNull, windowsFromTimeRanges } from '../engine/evaluation';
import type { DetectionResult } from '../engine/detection';
import type { SeriesScore } from './detectorService';

/** What a detector would have done over the preview range, as an alert source. */
export interface PreviewSummary {
  series: number;
  /** Series of which no point could be scored (all warm-up: too little history). */
  unscoredSeries: number;
  points: number;
  anomalousPoints: number;
  /** Alerts (episodes of anomalous points, as the CLI sends them) across all series. */
  alerts: number;
  alertsPerWeek: number;
  /**
   * Times an alert's points went normal and anomalous again before the alert ended: on/off changes beyond each
   * alert's own start and end, so clean alerts flap 0 times.
   */
  flaps: number;
  /** Days of data the rates are over: the longest series' span, which can be shorter than the days asked for. */
  days: number;
  /** Median delay from a labelled window's start to its first detection; null without labelled windows found. */
  medianTimeToDetectMs: number | null;
  labelledWindows: number;
  detectedWindows: number;
}

/** Sums the evaluation module's alert load per series; time to detect where labelled windows are given. */
export function summarisePreview(
  results: SeriesScore[],
  labels: Record<string, Array<[number, number]>>
): PreviewSummary {
  let unscoredSeries = 0;
  let points = 0;
  let anomalousPoints = 0;
  let alerts = 0;
  let flaps = 0;
  let days = 0;
  let labelledWindows = 0;
  let detectedWindows = 0;
  const delays: number[] = [];
  for (const { key, result } of results) {
    const load = alertLoad(result.anomalies, result.timestamps);
    unscoredSeries += hasScoredPoint(result) ? 0 : 1;
    points += result.anomalies.length;
    anomalousPoints += result.anomalies.reduce((sum, flag) => sum + flag, 0);
    alerts += load.alerts;
    flaps += anomalousRuns(result.anomalies) - load.alerts;
    days = Math.max(days, load.days);
    const ranges = labels[key];
    if (ranges && ranges.length > 0) {
      const events = eventMetrics(
        result.anomalies,
        windowsFromTimeRanges(result.timestamps, ranges),
        result.timestamps
      );
      labelledWindows += events.windows;
      detectedWindows += events.detectedWindows;
      delays.push(...events.delaysInMs);
    }
  }
  return {
    series: results.length,
    unscoredSeries,
    points,
    anomalousPoints,
    alerts,
    alertsPerWeek: days > 0 ? (alerts * 7) / days : 0,
    flaps,
    days,
    medianTimeToDetectMs: medianOrNull(delays),
    labelledWindows,
    detectedWindows,
  };
}

/** The engine marks a point it could not score (warm-up, missing value) with score 0 and no band. */
function hasScoredPoint(result: DetectionResult): boolean {
  return result.scores.some((score, i) => score > 0 || !Number.isNaN(result.expected[i]));
}

/** Runs of consecutive anomalous points; an alert spans one or more of them. */
function anomalousRuns(flags: ArrayLike<number>): number {
  let runs = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] !== 0 && (i === 0 || flags[i - 1] === 0)) {
      runs++;
    }
  }
  return runs;
}
