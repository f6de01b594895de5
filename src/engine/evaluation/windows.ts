import { lowerBound, upperBound } from '../util/sortedSearch';

/** A labelled anomaly window as inclusive row indices into one series. */
export interface IndexWindow {
  start: number;
  end: number;
}

/** Sorts windows and merges the ones that overlap or touch. */
export function mergeWindows(windows: IndexWindow[]): IndexWindow[] {
  const sorted = windows.map((w) => ({ ...w })).sort((a, b) => a.start - b.start);
  const merged: IndexWindow[] = [];
  for (const window of sorted) {
    const last = merged[merged.length - 1];
    if (last && window.start <= last.end + 1) {
      last.end = Math.max(last.end, window.end);
    } else {
      merged.push(window);
    }
  }
  return merged;
}

/**
 * Maps windows given as [startMs, endMs] onto rows: the first row at or after the start to the last row at or
 * before the end. Windows that cover no row are dropped; the result is merged.
 */
export function windowsFromTimeRanges(timestamps: ArrayLike<number>, ranges: Array<[number, number]>): IndexWindow[] {
  const windows: IndexWindow[] = [];
  for (const [from, to] of ranges) {
    const start = lowerBound(timestamps, from);
    const end = upperBound(timestamps, to) - 1;
    if (start <= end) {
      windows.push({ start, end });
    }
  }
  return mergeWindows(windows);
}

/**
 * NAB's windows around labelled anomaly rows: w = int(0.10 * n / labels), and each window spans floor(w/2) rows
 * either side of its label (as NAB's published combined_windows.json do), clipped to the series; overlapping
 * windows merge.
 */
export function nabWindowsFromLabels(length: number, labelRows: number[]): IndexWindow[] {
  if (labelRows.length === 0 || length === 0) {
    return [];
  }
  const half = Math.floor(Math.trunc((0.1 * length) / labelRows.length) / 2);
  return mergeWindows(
    labelRows.map((row) => ({
      start: Math.max(0, row - half),
      end: Math.min(length - 1, row + half),
    }))
  );
}

/** 1 for rows inside any window, else 0. */
export function windowMask(length: number, windows: IndexWindow[]): Uint8Array {
  const mask = new Uint8Array(length);
  for (const window of windows) {
    mask.fill(1, Math.max(0, window.start), Math.min(length, window.end + 1));
  }
  return mask;
}
