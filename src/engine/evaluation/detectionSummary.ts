import { AlertLoad, EventMetrics, alertLoad, eventMetrics } from './eventMetrics';
import { Confusion, confusion, ratio } from './pointMetrics';
import { medianOrNull } from './medianOrNull';
import { nabProbationLength } from './nabScore';
import { IndexWindow, windowMask } from './windows';

/** Everything a backtest or the app's preview reports about one series' flags against its labels. */
export interface DetectionSummary {
  rows: number;
  event: EventMetrics;
  load: AlertLoad;
  /**
   * The same from the end of NAB's probation (the first 15% of the rows, at most 750): the load once the detector has
   * had the time to learn that NAB gives every detector.
   */
  loadAfterProbation: AlertLoad;
  point: Confusion;
}

export function summarizeDetection(
  timestamps: ArrayLike<number>,
  flags: ArrayLike<number>,
  windows: IndexWindow[]
): DetectionSummary {
  const probation = nabProbationLength(flags.length);
  return {
    rows: flags.length,
    event: eventMetrics(flags, windows, timestamps),
    load: alertLoad(flags, timestamps),
    loadAfterProbation: alertLoad(rowsFrom(flags, probation), rowsFrom(timestamps, probation)),
    point: confusion(windowMask(flags.length, windows), flags),
  };
}

function rowsFrom(values: ArrayLike<number>, start: number): number[] {
  return Array.prototype.slice.call(values, start);
}

/** Corpus totals: counts are summed, then the ratios recomputed from the sums (not averaged per file). */
export interface DetectionTotals {
  files: number;
  rows: number;
  windows: number;
  detectedWindows: number;
  alerts: number;
  trueAlerts: number;
  flaps: number;
  days: number;
  eventPrecision: number;
  eventRecall: number;
  eventF1: number;
  alertsPerWeek: number;
  pointPrecision: number;
  pointRecall: number;
  pointF1: number;
  /** Median rows from a window's start to its first detection, over all detected windows (null if none). */
  medianDelayRows: number | null;
  medianDelayMs: number | null;
}

export function totalDetections(summaries: DetectionSummary[]): DetectionTotals {
  const sum = (pick: (s: DetectionSummary) => number) => summaries.reduce((total, s) => total + pick(s), 0);
  const windows = sum((s) => s.event.windows);
  const detectedWindows = sum((s) => s.event.detectedWindows);
  const alerts = sum((s) => s.event.alerts);
  const trueAlerts = sum((s) => s.event.trueAlerts);
  const days = sum((s) => s.load.days);
  const tp = sum((s) => s.point.truePositives);
  const fp = sum((s) => s.point.falsePositives);
  const fn = sum((s) => s.point.falseNegatives);
  const eventPrecision = ratio(trueAlerts, alerts);
  const eventRecall = ratio(detectedWindows, windows);
  const pointPrecision = ratio(tp, tp + fp);
  const pointRecall = ratio(tp, tp + fn);
  return {
    files: summaries.length,
    rows: sum((s) => s.rows),
    windows,
    detectedWindows,
    alerts,
    trueAlerts,
    flaps: sum((s) => s.load.flaps),
    days,
    eventPrecision,
    eventRecall,
    eventF1: ratio(2 * eventPrecision * eventRecall, eventPrecision + eventRecall),
    alertsPerWeek: ratio(alerts * 7, days),
    pointPrecision,
    pointRecall,
    pointF1: ratio(2 * pointPrecision * pointRecall, pointPrecision + pointRecall),
    medianDelayRows: medianOrNull(summaries.flatMap((s) => s.event.delaysInRows)),
    medianDelayMs: medianOrNull(summaries.flatMap((s) => s.event.delaysInMs)),
  };
}
