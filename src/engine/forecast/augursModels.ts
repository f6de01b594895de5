import type { AutoETS } from '@bsull/augurs/ets';
import type { MSTL } from '@bsull/augurs/mstl';
import type { ForecastModels, ForecastPoints } from './forecast';

/** The initialised `@bsull/augurs` modules this adapter needs (their WebAssembly already instantiated). */
export interface AugursModules {
  mstl: { ets(periods: number[], options?: { impute?: boolean } | null): MSTL };
  ets: { AutoETS: new (seasonLength: number, spec: string) => AutoETS };
}

interface Predictor {
  fit(values: Float64Array): void;
  predict(
    horizon: number,
    level?: number | null
  ): { point: number[]; intervals?: { lower: number[]; upper: number[] } };
  free(): void;
}

/** MSTL and AutoETS from augurs behind the engine's ForecastModels; WebAssembly memory is freed after each fit. */
export function augursModels(modules: AugursModules): ForecastModels {
  return {
    mstl: (values, periods, horizon, level) => predictWith(modules.mstl.ets(periods, {}), values, horizon, level),
    ets: (values, horizon, level) => predictWith(new modules.ets.AutoETS(1, 'ZZN'), values, horizon, level),
  };
}

function predictWith(model: Predictor, values: Float64Array, horizon: number, level: number): ForecastPoints {
  try {
    model.fit(values);
    const forecast = model.predict(horizon, level);
    const point = Float64Array.from(forecast.point);
    return {
      point,
      lower: forecast.intervals ? Float64Array.from(forecast.intervals.lower) : point.slice(),
      upper: forecast.intervals ? Float64Array.from(forecast.intervals.upper) : point.slice(),
    };
  } finally {
    model.free();
  }
}
