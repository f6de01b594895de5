import { alertLoad, eventMetrics, medianOrNull, windowsFromTimeRanges } from '../engine/evaluation';
import type { SeriesScore } from './detectorService';

/** What a detector would have done over the preview range, as an alert source. */
export interface PreviewSummary {
  series: number;
  points: number;
  anomalousPoints: number;
  /** Alert runs (consecutive anomalous points) across all series. */
  alerts: number;
  alertsPerWeek: number;
  /** On/off transitions across all series. */
  flaps: number;
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
    points += result.anomalies.length;
    anomalousPoints += result.anomalies.reduce((sum, flag) => sum + flag, 0);
    alerts += load.alerts;
    flaps += load.flaps;
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
