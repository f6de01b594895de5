import { IndexWindow, mergeWindows } from './windows';

/** Weights of a NAB application profile: reward per true positive, cost per false positive and per miss. */
export interface NabProfile {
  name: NabProfileName;
  tp: number;
  fp: number;
  fn: number;
}

export type NabProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

export const NAB_PROFILES: readonly NabProfile[] = [
  { name: 'standard', tp: 1, fp: 0.11, fn: 1 },
  { name: 'reward_low_FP_rate', tp: 1, fp: 0.22, fn: 1 },
  { name: 'reward_low_FN_rate', tp: 1, fp: 0.11, fn: 2 },
];

/** One scored file: the detector's score per row and the labelled windows as row indices. */
export interface NabFile {
  name: string;
  scores: ArrayLike<number>;
  windows: IndexWindow[];
}

/** The rows NAB leaves unscored at the start of a file while a detector learns. */
export function nabProbationLength(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 750);
}

/** NAB's scaled sigmoid: 2/(1+e^(5y)) - 1, and -1 for y beyond 3 (far past a window). */
export function scaledSigmoid(y: number): number {
  if (y > 3) {
    return -1;
  }
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** A window that has at least one row after probation; only those are scored. */
function scorableWindows(file: NabFile): IndexWindow[] {
  const probation = nabProbationLength(file.scores.length);
  return mergeWindows(file.windows).filter((window) => window.end >= probation);
}

/**
 * What a detection at each row is worth under `profile`: inside a window, the true-positive reward for that
 * position (full weight at the left edge); outside, the false-positive cost relative to the preceding window.
 * `window[i]` is the index of the row's window among the scorable windows, or -1.
 */
export function nabRowWeights(file: NabFile, profile: NabProfile): { weight: Float64Array; window: Int32Array } {
  const rows = file.scores.length;
  const windows = scorableWindows(file);
  const weight = new Float64Array(rows);
  const windowOf = new Int32Array(rows).fill(-1);
  let next = 0;
  let previous: IndexWindow | undefined;
  for (let i = 0; i < rows; i++) {
    while (next < windows.length && windows[next].end < i) {
      previous = windows[next];
      next++;
    }
    const current = next < windows.length && windows[next].start <= i ? windows[next] : undefined;
    if (current) {
      const width = current.end - current.start + 1;
      const position = -(current.end - i + 1) / width;
      weight[i] = (profile.tp * scaledSigmoid(position)) / MAX_TP;
      windowOf[i] = next;
    } else if (previous) {
      const width = previous.end - previous.start + 1;
      const past = Math.abs(previous.end - i) / Math.max(width - 1, 1);
      weight[i] = profile.fp * scaledSigmoid(past);
    } else {
      weight[i] = -profile.fp;
    }
  }
  return { weight, window: windowOf };
}

export interface NabFileScore {
  name: string;
  rows: number;
  windows: number;
  /** Raw NAB score of the file: rewards minus costs. */
  score: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** Scores one file at a fixed threshold (a row is a detection when its score is >= threshold). */
export function nabScoreFile(file: NabFile, profile: NabProfile, threshold: number): NabFileScore {
  const { weight, window } = nabRowWeights(file, profile);
  const windows = scorableWindows(file);
  const probation = nabProbationLength(file.scores.length);
  const detected = new Array<boolean>(windows.length).fill(false);
  let score = 0;
  let falsePositives = 0;
  for (let i = probation; i < file.scores.length; i++) {
    if (!(file.scores[i] >= threshold)) {
      continue;
    }
    const w = window[i];
    if (w < 0) {
      score += weight[i];
      falsePositives++;
    } else if (!detected[w]) {
      detected[w] = true;
      score += weight[i];
    }
  }
  const truePositives = detected.filter(Boolean).length;
  const falseNegatives = windows.length - truePositives;
  score -= profile.fn * falseNegatives;
  return {
    name: file.name,
    rows: file.scores.length,
    windows: windows.length,
    score,
    truePositives,
    falsePositives,
    falseNegatives,
  };
}

export interface NabProfileResult {
  profile: NabProfile;
  threshold: number;
  /** 100 * (S - S_null) / (S_perfect - S_null); null when the corpus has no windows. */
  normalized: number | null;
  score: number;
  nullScore: number;
  perfectScore: number;
  files: NabFileScore[];
}

/**
 * What lowering the threshold past each score of a file changes in its raw NAB score: a false positive's cost,
 * or a window's earliest detection moving to an earlier row (the first of them replacing the miss).
 */
export interface NabThresholdEvents {
  thresholds: number[];
  deltas: number[];
  /** Scorable windows of the file. */
  windows: number;
}

export function nabThresholdEvents(file: NabFile, profile: NabProfile): NabThresholdEvents {
  const thresholds: number[] = [];
  const deltas: number[] = [];
  const { weight, window } = nabRowWeights(file, profile);
  const windows = scorableWindows(file);
  const probation = nabProbationLength(file.scores.length);
  // Per window, the rows that beat every earlier row's score: as the threshold falls, each of them in turn
  // (from the highest score back to the first row) becomes the window's earliest detection.
  const records: number[][] = windows.map(() => []);
  const bestSoFar = new Array<number>(windows.length).fill(-Infinity);
  for (let i = probation; i < file.scores.length; i++) {
    const s = file.scores[i];
    if (Number.isNaN(s)) {
      continue;
    }
    const w = window[i];
    if (w < 0) {
      thresholds.push(s);
      deltas.push(weight[i]);
    } else if (s > bestSoFar[w]) {
      bestSoFar[w] = s;
      records[w].push(i);
    }
  }
  for (const rows of records) {
    let credit = -profile.fn;
    for (let k = rows.length - 1; k >= 0; k--) {
      thresholds.push(file.scores[rows[k]]);
      deltas.push(weight[rows[k]] - credit);
      credit = weight[rows[k]];
    }
  }
  return { thresholds, deltas, windows: windows.length };
}

/**
 * The threshold with the best total raw score, given the events in `order` (sorted by threshold, highest first)
 * and the score when nothing fires. Until some threshold beats that, the answer lies above every score.
 */
export function sweepThreshold(
  thresholds: ArrayLike<number>,
  deltas: ArrayLike<number>,
  order: ArrayLike<number>,
  nullScore: number
): { threshold: number; score: number } {
  let best = nullScore;
  let bestThreshold = Math.max(1, order.length > 0 ? thresholds[order[0]] : 0) + 1e-9;
  let running = nullScore;
  for (let k = 0; k < order.length; k++) {
    running += deltas[order[k]];
    const here = thresholds[order[k]];
    const nextThreshold = k + 1 < order.length ? thresholds[order[k + 1]] : -Infinity;
    if (nextThreshold < here && running > best + 1e-12) {
      best = running;
      bestThreshold = here;
    }
  }
  return { threshold: bestThreshold, score: best };
}

/** Event indices sorted by threshold, highest first. */
export function descendingOrder(thresholds: ArrayLike<number>): Uint32Array {
  return Uint32Array.from({ length: thresholds.length }, (_, i) => i).sort((a, b) => thresholds[b] - thresholds[a]);
}

/**
 * Sweeps one global threshold over every distinct score of the corpus and keeps the one with the highest total
 * raw score (NAB's threshold optimisation), then normalises against the null and the perfect detector.
 */
export function nabScoreCorpus(files: NabFile[], profile: NabProfile): NabProfileResult {
  const thresholds: number[] = [];
  const deltas: number[] = [];
  let totalWindows = 0;
  for (const file of files) {
    const events = nabThresholdEvents(file, profile);
    totalWindows += events.windows;
    for (let k = 0; k < events.thresholds.length; k++) {
      thresholds.push(events.thresholds[k]);
      deltas.push(events.deltas[k]);
    }
  }
  const nullScore = -profile.fn * totalWindows;
  const perfectScore = profile.tp * totalWindows;
  const bestThreshold = sweepThreshold(thresholds, deltas, descendingOrder(thresholds), nullScore).threshold;
  const scored = files.map((file) => nabScoreFile(file, profile, bestThreshold));
  const score = scored.reduce((sum, file) => sum + file.score, 0);
  const normalized = totalWindows === 0 ? null : (100 * (score - nullScore)) / (perfectScore - nullScore);
  return { profile, threshold: bestThreshold, normalized, score, nullScore, perfectScore, files: scored };
}
