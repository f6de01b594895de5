import { z } from 'zod';
import { quantileOfSorted } from '../util/robust';

/**
 * Maps a model's raw score onto the shared [0,1] scale with anchors from its training scores:
 * raw 0 -> 0, the training median -> 0.25, the 99.5th percentile -> 0.6, the training maximum -> 0.8,
 * raw 1 -> 1 (linear between anchors). Isolation scores saturate beyond the training range (a far
 * outlier isolates about as fast as the most extreme training point), so the maximum must map
 * above the usual thresholds.
 */
export interface Calibration {
  median: number;
  high: number;
  max: number;
  /** Mean and standard deviation of the training raw scores (to standardise the score drift stream). */
  mean: number;
  std: number;
}

export const calibrationSchema = z.object({
  median: z.number(),
  high: z.number(),
  max: z.number(),
  mean: z.number(),
  std: z.number(),
});

export function calibrationFrom(rawScores: Float64Array): Calibration {
  const finite = rawScores.filter((score) => Number.isFinite(score));
  if (finite.length === 0) {
    return { median: 0.5, high: 0.6, max: 0.7, mean: 0.5, std: 0.1 };
  }
  const sorted = finite.sort();
  let sum = 0;
  for (const score of sorted) {
    sum += score;
  }
  const mean = sum / sorted.length;
  let squares = 0;
  for (const score of sorted) {
    squares += (score - mean) ** 2;
  }
  const median = Math.min(0.999, Math.max(1e-6, quantileOfSorted(sorted, 0.5)));
  const high = Math.min(0.9999, Math.max(median + (1 - median) * 0.01, quantileOfSorted(sorted, 0.995)));
  const max = Math.min(0.99999, Math.max(high + (1 - high) * 0.01, sorted[sorted.length - 1]));
  return { median, high, max, mean, std: Math.sqrt(squares / sorted.length) || 0.01 };
}

export function calibrate(calibration: Calibration, raw: number): number {
  if (!(raw > 0)) {
    return 0;
  }
  if (raw >= 1) {
    return 1;
  }
  const { median, high, max } = calibration;
  if (raw <= median) {
    return (0.25 * raw) / median;
  }
  if (raw <= high) {
    return 0.25 + (0.35 * (raw - median)) / (high - median);
  }
  if (raw <= max) {
    return 0.6 + (0.2 * (raw - high)) / (max - high);
  }
  return 0.8 + (0.2 * (raw - max)) / (1 - max);
}
