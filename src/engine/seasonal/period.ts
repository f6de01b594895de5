export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export type Period = 'daily' | 'weekly';

export function periodMs(period: Period): number {
  return period === 'daily' ? DAY_MS : WEEK_MS;
}

const ACF_BIN_MS = 15 * 60_000;

/**
 * Autocorrelation of the series (averaged into 15-minute bins, or the step when longer) at a lag
 * of `lagMs`; NaN when fewer than two lags' worth of data overlap.
 */
export function autocorrelationAt(
  timestamps: Float64Array,
  values: Float64Array,
  stepMs: number,
  lagMs: number
): number {
  if (timestamps.length < 2) {
    return NaN;
  }
  const binMs = Math.max(ACF_BIN_MS, stepMs);
  const start = timestamps[0];
  const binCount = Math.floor((timestamps[timestamps.length - 1] - start) / binMs) + 1;
  const sums = new Float64Array(binCount);
  const counts = new Float64Array(binCount);
  for (let i = 0; i < timestamps.length; i++) {
    if (Number.isFinite(values[i])) {
      const bin = Math.floor((timestamps[i] - start) / binMs);
      sums[bin] += values[i];
      counts[bin]++;
    }
  }
  let total = 0;
  let filled = 0;
  for (let bin = 0; bin < binCount; bin++) {
    if (counts[bin] > 0) {
      sums[bin] /= counts[bin];
      total += sums[bin];
      filled++;
    }
  }
  const lag = Math.round(lagMs / binMs);
  if (lag < 1 || filled < 2 * lag) {
    return NaN;
  }
  const mean = total / filled;
  let cross = 0;
  let pairs = 0;
  let energy = 0;
  for (let bin = 0; bin < binCount; bin++) {
    if (counts[bin] > 0) {
      energy += (sums[bin] - mean) ** 2;
      if (bin + lag < binCount && counts[bin + lag] > 0) {
        cross += (sums[bin] - mean) * (sums[bin + lag] - mean);
        pairs++;
      }
    }
  }
  if (energy === 0 || pairs < lag) {
    return 0;
  }
  return cross / pairs / (energy / filled);
}

/**
 * Finds a daily or weekly season. A period counts when the history spans two of them, the
 * autocorrelation at the period is strong (>= 0.3) and clearly above that at half the period (so a
 * trend, which correlates at every lag, does not pass). Weekly wins over daily only when it
 * correlates clearly better.
 */
export function detectPeriod(timestamps: Float64Array, values: Float64Array, stepMs: number): Period | null {
  if (timestamps.length < 2) {
    return null;
  }
  const span = timestamps[timestamps.length - 1] - timestamps[0];
  const strength = (lagMs: number): number => {
    if (span < 2 * lagMs - stepMs) {
      return NaN;
    }
    const atPeriod = autocorrelationAt(timestamps, values, stepMs, lagMs);
    const atHalf = autocorrelationAt(timestamps, values, stepMs, lagMs / 2);
    return atPeriod >= 0.3 && atPeriod - atHalf >= 0.2 ? atPeriod : NaN;
  };
  const daily = strength(DAY_MS);
  const weekly = strength(WEEK_MS);
  if (weekly >= 0 && !(daily >= weekly - 0.05)) {
    return 'weekly';
  }
  return daily >= 0 ? 'daily' : null;
}
