import { type Episode, episodes, seriesEpisodeGapMs } from './episodes';
import { ratio } from './pointMetrics';
import { IndexWindow } from './windows';
import { DAY_MS } from '../seasonal/period';

/** The episodes of a series' flags with the standard gap (indexes stand in for missing timestamps). */
function alertEpisodes(flags: ArrayLike<number>, timestamps?: ArrayLike<number>): Episode[] {
  const times = timestamps ?? Array.from({ length: flags.length }, (_, i) => i);
  return episodes(flags, times, { maxGapMs: seriesEpisodeGapMs(times) });
}

export interface EventMetrics {
  /** Labelled windows with at least one detection inside (each window counts once). */
  detectedWindows: number;
  windows: number;
  /** Alerts (episodes of flagged rows, see episodes.ts) that overlap a labelled window. */
  trueAlerts: number;
  alerts: number;
  precision: number;
  recall: number;
  f1: number;
  /** Per detected window: rows from the window's start to its first detection. */
  delaysInRows: number[];
  /** Per detected window: milliseconds from the window's start to its first detection (when timestamps are given). */
  delaysInMs: number[];
}

/**
 * Event-wise (range) precision and recall: recall over labelled windows (a window is found when any of its rows is
 * flagged, however many), precision over alerts: one per episode, flagged rows at most EPISODE_GAP_STEPS of the
 * series' step apart (an alert is true when it overlaps a window).
 */
export function eventMetrics(
  flags: ArrayLike<number>,
  windows: IndexWindow[],
  timestamps?: ArrayLike<number>
): EventMetrics {
  const runs = alertEpisodes(flags, timestamps);
  const trueAlerts = runs.filter((run) => windows.some((w) => run.start <= w.end && run.end >= w.start)).length;
  const delaysInRows: number[] = [];
  const delaysInMs: number[] = [];
  for (const window of windows) {
    for (let i = Math.max(0, window.start); i <= Math.min(window.end, flags.length - 1); i++) {
      if (flags[i] !== 0) {
        delaysInRows.push(i - window.start);
        if (timestamps) {
          delaysInMs.push(timestamps[i] - timestamps[window.start]);
        }
        break;
      }
    }
  }
  const precision = ratio(trueAlerts, runs.length);
  const recall = ratio(delaysInRows.length, windows.length);
  return {
    detectedWindows: delaysInRows.length,
    windows: windows.length,
    trueAlerts,
    alerts: runs.length,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    delaysInRows,
    delaysInMs,
  };
}

export interface AlertLoad {
  /** Episodes of flagged rows: one alert each. */
  alerts: number;
  /** On/off transitions: every start and every end of an alert run. */
  flaps: number;
  days: number;
  alertsPerDay: number;
  alertsPerWeek: number;
}

/** How noisy a detector would be as an alert source over the series' time span. */
export function alertLoad(flags: ArrayLike<number>, timestamps: ArrayLike<number>): AlertLoad {
  const runs = alertEpisodes(flags, timestamps);
  let flaps = 0;
  for (let i = 1; i < flags.length; i++) {
    if ((flags[i] !== 0) !== (flags[i - 1] !== 0)) {
      flaps++;
    }
  }
  if (flags.length > 0 && flags[0] !== 0) {
    flaps++;
  }
  const span = timestamps.length > 1 ? timestamps[timestamps.length - 1] - timestamps[0] : 0;
  const step = timestamps.length > 1 ? span / (timestamps.length - 1) : 0;
  const days = (span + step) / DAY_MS;
  return {
    alerts: runs.length,
    flaps,
    days,
    alertsPerDay: ratio(runs.length, days),
    alertsPerWeek: ratio(runs.length * 7, days),
  };
}
