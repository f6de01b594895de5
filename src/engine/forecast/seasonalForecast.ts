import { RecentWindow } from '../features/recentWindow';
import type { Series } from '../series';
import { choosePeriod, type Seasonality } from '../seasonal/baseline';
import { fitProfile, profileAt } from '../seasonal/profile';
import { normalQuantile } from '../util/normalQuantile';
import type { ForecastPoints } from './forecast';

/** Points of the recent level, as in the seasonal baseline's default window. */
const LEVEL_WINDOW = 60;

/**
 * The seasonal baseline carried forward: the recent level (median of the last deseasonalised values)
 * plus the profile's offset at each future time, the interval being the profile's spread at that phase
 * times the normal quantile of `level`. Without a season the forecast is flat at the recent median,
 * with the recent robust spread. Null when the series has fewer than three finite values.
 */
export function seasonalForecast(
  series: Series,
  options: { stepMs: number; seasonality: Seasonality; horizon: number; level: number }
): ForecastPoints | null {
  const { timestamps, values } = series;
  const { stepMs, horizon } = options;
  const z = normalQuantile(0.5 + options.level / 2);
  const period = choosePeriod(series, stepMs, options.seasonality);
  const profile = period ? fitProfile(timestamps, values, period, stepMs) : null;
  const window = new RecentWindow(LEVEL_WINDOW);
  const at = { level: 0, scale: 0 };
  for (let i = 0; i < timestamps.length; i++) {
    if (Number.isFinite(values[i])) {
      if (profile) {
        profileAt(profile, timestamps[i], at);
      }
      window.push(values[i] - at.level);
    }
  }
  if (window.length < 3) {
    return null;
  }
  const recentLevel = window.median();
  const recentScale = window.robustScale(recentLevel);
  const last = timestamps[timestamps.length - 1];
  const point = new Float64Array(horizon);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let k = 0; k < horizon; k++) {
    let scale = recentScale;
    point[k] = recentLevel;
    if (profile) {
      profileAt(profile, last + (k + 1) * stepMs, at);
      point[k] += at.level;
      scale = at.scale;
    }
    lower[k] = point[k] - z * scale;
    upper[k] = point[k] + z * scale;
  }
  return { point, lower, upper };
}
