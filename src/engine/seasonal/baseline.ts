import { RecentWindow } from '../features/recentWindow';
import type { Series } from '../series';
import { detectPeriod, periodMs, type Period } from './period';
import { fitProfile, profileAt } from './profile';

export type Seasonality = 'auto' | 'none' | 'daily' | 'weekly';

export interface SeasonalBaselineOptions {
  stepMs: number;
  seasonality?: Seasonality;
  /** Band half-width in robust standard deviations (default 3). */
  bandSigma?: number;
  /** Rolling window (points) of the fallback when no season is found (default 60). */
  window?: number;
}

export interface SeasonalBaselineResult {
  period: Period | null;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * The season a series is modelled with: detected by autocorrelation (`auto`), or the forced one when
 * the series spans at least one full period.
 */
export function choosePeriod(series: Series, stepMs: number, seasonality: Seasonality): Period | null {
  const { timestamps, values } = series;
  const n = timestamps.length;
  if (seasonality === 'auto') {
    return detectPeriod(timestamps, values, stepMs);
  }
  if (seasonality === 'none') {
    return null;
  }
  const span = n > 1 ? timestamps[n - 1] - timestamps[0] : 0;
  return span >= periodMs(seasonality) - stepMs ? seasonality : null;
}

/**
 * Expected value and band for every point of a series. With a daily or weekly season (detected by
 * autocorrelation, or forced) it is the recent level (rolling median of the deseasonalised previous
 * values) plus the seasonal offset of a profile fitted on the whole series; without one
 * (or with under two periods of history) it falls back to the rolling median and MAD of the
 * previous `window` points.
 */
export function seasonalBaseline(series: Series, options: SeasonalBaselineOptions): SeasonalBaselineResult {
  const { timestamps, values } = series;
  const n = timestamps.length;
  const bandSigma = options.bandSigma ?? 3;
  const seasonality = options.seasonality ?? 'auto';
  const period = choosePeriod(series, options.stepMs, seasonality);
  const expected = new Float64Array(n).fill(NaN);
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  if (period) {
    const profile = fitProfile(timestamps, values, period, options.stepMs);
    const levelWindow = new RecentWindow(options.window ?? 60);
    const at = { level: 0, scale: 0 };
    for (let i = 0; i < n; i++) {
      profileAt(profile, timestamps[i], at);
      if (levelWindow.length >= 3) {
        expected[i] = levelWindow.median() + at.level;
        lower[i] = expected[i] - bandSigma * at.scale;
        upper[i] = expected[i] + bandSigma * at.scale;
      }
      if (Number.isFinite(values[i])) {
        levelWindow.push(values[i] - at.level);
      }
    }
    return { period, expected, lower, upper };
  }
  const window = new RecentWindow(options.window ?? 60);
  for (let i = 0; i < n; i++) {
    if (window.length >= 3) {
      const center = window.median();
      const spread = window.robustScale(center);
      expected[i] = center;
      lower[i] = center - bandSigma * spread;
      upper[i] = center + bandSigma * spread;
    }
    if (Number.isFinite(values[i])) {
      window.push(values[i]);
    }
  }
  return { period: null, expected, lower, upper };
}
