import type { DetectorSpec } from '../detectorSpec';
import { parseDuration } from '../duration';
import { prepareSeries } from '../preprocess/grid';
import { DAY_MS, WEEK_MS } from '../seasonal/period';
import { lastFiniteIndex, type Series } from '../series';
import { ForecastError, type Forecast, type ForecastModels, type ForecastPoints } from './forecast';
import { seasonalForecast } from './seasonalForecast';

/** MSTL and ETS need some history to fit at all. */
const MIN_MODEL_POINTS = 20;

/**
 * Forecasts a series as its detector sees it (the spec's step, counters as rates) with the spec's
 * `forecast` block. `mstl` and `ets` need the models handed in by the host. Null when the series has
 * too little data; a ForecastError for a spec that cannot be forecast.
 */
export function forecastSeries(spec: DetectorSpec, series: Series, models?: ForecastModels): Forecast | null {
  const settings = spec.forecast;
  if (!settings) {
    throw new ForecastError(`detector ${spec.id}: forecast: no forecast block in the spec`);
  }
  const stepMs = parseDuration(spec.step)!;
  const horizon = Math.ceil(parseDuration(settings.horizon)! / stepMs);
  const prepared = trimToFinite(prepareSeries(series, { stepMs, counter: spec.counter }).series);
  if (!prepared) {
    return null;
  }
  let method = settings.method;
  let points: ForecastPoints | null;
  if (method === 'seasonal') {
    points = seasonalForecast(prepared, { stepMs, seasonality: spec.seasonality, horizon, level: settings.level });
  } else {
    if (!models) {
      throw new ForecastError(
        `detector ${spec.id}: forecast.method: ${method} needs the augurs models, not loaded here`
      );
    }
    const values = interpolated(prepared.values);
    if (values.length < MIN_MODEL_POINTS) {
      return null;
    }
    const periods = method === 'mstl' ? fittingPeriods(spec.seasonality, stepMs, values.length) : [];
    if (method === 'mstl' && periods.length === 0) {
      method = 'ets';
    }
    points =
      method === 'mstl'
        ? models.mstl(values, periods, horizon, settings.level)
        : models.ets(values, horizon, settings.level);
  }
  if (!points) {
    return null;
  }
  const last = prepared.timestamps[prepared.timestamps.length - 1];
  return {
    method,
    level: settings.level,
    timestamps: Float64Array.from({ length: horizon }, (_, k) => last + (k + 1) * stepMs),
    values: points.point,
    lower: points.lower,
    upper: points.upper,
  };
}

/** The series up to its last finite value (forecasts start there), or null when it has none. */
function trimToFinite(series: Series): Series | null {
  const end = lastFiniteIndex(series.values) + 1;
  if (end === 0) {
    return null;
  }
  return {
    labels: series.labels,
    timestamps: series.timestamps.subarray(0, end),
    values: series.values.subarray(0, end),
  };
}

/** From the first finite value on, with gaps filled linearly (the models take no NaN). */
function interpolated(values: Float64Array): Float64Array {
  let start = 0;
  while (!Number.isFinite(values[start])) {
    start++;
  }
  const out = values.slice(start);
  let previous = 0;
  for (let i = 1; i < out.length; i++) {
    if (Number.isFinite(out[i])) {
      for (let gap = previous + 1; gap < i; gap++) {
        out[gap] = out[previous] + ((out[i] - out[previous]) * (gap - previous)) / (i - previous);
      }
      previous = i;
    }
  }
  return out;
}

/** Daily and weekly periods, in steps, that the history holds at least twice (MSTL needs two cycles). */
function fittingPeriods(seasonality: DetectorSpec['seasonality'], stepMs: number, length: number): number[] {
  const candidates =
    seasonality === 'none'
      ? []
      : seasonality === 'daily'
        ? [DAY_MS]
        : seasonality === 'weekly'
          ? [WEEK_MS]
          : [DAY_MS, WEEK_MS];
  return candidates.map((ms) => Math.round(ms / stepMs)).filter((steps) => steps >= 2 && length >= 2 * steps);
}
