import { type ForecastMethod, parseDetectorSpec } from '../detectorSpec';
import { formatDuration } from '../duration';
import type { ForecastModels } from '../forecast/forecast';
import { forecastSeries } from '../forecast/forecastSeries';
import { prepareSeries } from '../preprocess/grid';
import type { Series } from '../series';
import { typicalStepMs } from './episodes';

export interface ForecastBacktestOptions {
  /** Steps ahead each forecast covers (the series' own step). */
  horizonSteps: number;
  /** Where the forecasts start, as shares of each series' length. */
  origins: number[];
  /** At most this many points before an origin are fitted on. */
  maxHistory: number;
  level: number;
}

export const DEFAULT_FORECAST_BACKTEST: ForecastBacktestOptions = {
  horizonSteps: 12,
  origins: [0.6, 0.75, 0.9],
  maxHistory: 2016,
  level: 0.95,
};

/** One method's accuracy over every forecast of a backtest. */
export interface ForecastAccuracy {
  method: ForecastMethod;
  /** Forecasts scored: series x origins where the method gave one and the horizon holds data. */
  forecasts: number;
  /** Actual points compared with a forecast. */
  points: number;
  /** Mean over forecasts of the symmetric absolute percentage error over the horizon, 0..200. */
  smape: number;
  /**
   * Mean over forecasts of the mean absolute error over the horizon, scaled by the history's mean absolute
   * one-step change (a naive forecast's in-sample error): below 1 beats that naive forecast.
   */
  mase: number;
  /** Share of actual points inside the prediction interval; `level` is what it should be. */
  coverage: number;
  level: number;
}

/**
 * Rolling-origin backtest of one forecast method: each series is put on its own step's grid, forecast from
 * each origin with the points before it, and the forecast compared with the points that followed. Series
 * too short for a horizon after an origin are skipped.
 */
export function backtestForecasts(
  series: Series[],
  method: ForecastMethod,
  models: ForecastModels | undefined,
  options: ForecastBacktestOptions = DEFAULT_FORECAST_BACKTEST
): ForecastAccuracy {
  let forecasts = 0;
  let points = 0;
  let covered = 0;
  let smapeSum = 0;
  let maseSum = 0;
  let maseCount = 0;
  for (const one of series) {
    const stepMs = typicalStepMs(one.timestamps);
    if (!(stepMs > 0)) {
      continue;
    }
    const spec = parseDetectorSpec({
      id: 'forecast-backtest',
      name: 'forecast backtest',
      query: 'backtest',
      step: formatDuration(stepMs),
      forecast: { method, horizon: formatDuration(options.horizonSteps * stepMs), level: options.level },
    });
    const grid = prepareSeries(one, { stepMs }).series;
    const n = grid.values.length;
    for (const share of options.origins) {
      const origin = Math.floor(n * share);
      if (origin + options.horizonSteps > n) {
        continue;
      }
      const from = Math.max(0, origin - options.maxHistory);
      const history = {
        labels: one.labels,
        timestamps: grid.timestamps.subarray(from, origin),
        values: grid.values.subarray(from, origin),
      };
      const forecast = forecastSeries(spec, history, models);
      if (!forecast) {
        continue;
      }
      let absSum = 0;
      let smapeParts = 0;
      let compared = 0;
      for (let k = 0; k < options.horizonSteps; k++) {
        const actual = grid.values[origin + k];
        const predicted = forecast.values[k];
        if (!Number.isFinite(actual) || !Number.isFinite(predicted)) {
          continue;
        }
        const error = Math.abs(predicted - actual);
        const size = Math.abs(predicted) + Math.abs(actual);
        absSum += error;
        smapeParts += size > 0 ? (200 * error) / size : 0;
        covered += actual >= forecast.lower[k] && actual <= forecast.upper[k] ? 1 : 0;
        compared++;
      }
      if (compared === 0) {
        continue;
      }
      forecasts++;
      points += compared;
      smapeSum += smapeParts / compared;
      const scale = naiveScale(history.values);
      if (scale > 0) {
        maseSum += absSum / compared / scale;
        maseCount++;
      }
    }
  }
  return {
    method,
    forecasts,
    points,
    smape: forecasts > 0 ? smapeSum / forecasts : NaN,
    mase: maseCount > 0 ? maseSum / maseCount : NaN,
    coverage: points > 0 ? covered / points : NaN,
    level: options.level,
  };
}

/** Mean absolute change between consecutive finite values. */
function naiveScale(values: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (let i = 1; i < values.length; i++) {
    const change = Math.abs(values[i] - values[i - 1]);
    if (Number.isFinite(change)) {
      sum += change;
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}
