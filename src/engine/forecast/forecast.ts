import type { ForecastMethod } from '../detectorSpec';

/** Expected values after a series' last point, with a prediction interval at `level`. */
export interface Forecast {
  /** The method that produced it (`mstl` becomes `ets` on a series too short for any season). */
  method: ForecastMethod;
  level: number;
  timestamps: Float64Array;
  values: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** Point forecasts and interval edges for the next `horizon` steps. */
export interface ForecastPoints {
  point: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * Statistical forecasting models the engine does not implement itself (MSTL and AutoETS from
 * `@bsull/augurs`, WebAssembly). The host loads them (asynchronously in the worker, from the package
 * in Node) and hands them in; see `augursModels`.
 */
export interface ForecastModels {
  /** MSTL with an AutoETS trend; `periods` in steps, each fitting at least twice in `values`. */
  mstl(values: Float64Array, periods: number[], horizon: number, level: number): ForecastPoints;
  /** Non-seasonal AutoETS. */
  ets(values: Float64Array, horizon: number, level: number): ForecastPoints;
}

export class ForecastError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForecastError';
  }
}
