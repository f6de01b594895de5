import type { ForecastModels } from '../forecast/forecast';
import { typicalStepMs } from './episodes';
import { backtestForecasts, DEFAULT_FORECAST_BACKTEST } from './forecastAccuracy';

const STEP = 60_000;
/** A ramp rising by 1 per step: every one-step change is 1, so MASE is the mean absolute error itself. */
const ramp = {
  labels: { name: 'ramp' },
  timestamps: Float64Array.from({ length: 1000 }, (_, i) => i * STEP),
  values: Float64Array.from({ length: 1000 }, (_, i) => 100 + i),
};

/** ETS stand-ins: `flat` repeats the last value with a band of +-3, `exact` continues the ramp. */
function fakeModels(kind: 'flat' | 'exact'): ForecastModels {
  const ets = (values: Float64Array, horizon: number) => {
    const last = values[values.length - 1];
    const point = Float64Array.from({ length: horizon }, (_, k) => (kind === 'flat' ? last : last + k + 1));
    return { point, lower: point.map((value) => value - 3), upper: point.map((value) => value + 3) };
  };
  return { ets, mstl: () => ({ point: new Float64Array(0), lower: new Float64Array(0), upper: new Float64Array(0) }) };
}

describe('backtestForecasts', () => {
  it('scores a forecast that continues the series exactly as error 0 and full coverage', () => {
    const accuracy = backtestForecasts([ramp], 'ets', fakeModels('exact'));
    expect(accuracy).toEqual({ method: 'ets', forecasts: 3, points: 36, smape: 0, mase: 0, coverage: 1, level: 0.95 });
  });

  it('measures a flat forecast of a ramp: MASE is the mean error in steps, coverage the steps inside the band', () => {
    const accuracy = backtestForecasts([ramp], 'ets', fakeModels('flat'));
    // Errors 1..12 at each origin: mean 6.5; the band of +-3 holds the first 3 of 12 steps.
    expect(accuracy.mase).toBeCloseTo(6.5, 12);
    expect(accuracy.coverage).toBeCloseTo(3 / 12, 12);
    expect(accuracy.smape).toBeGreaterThan(0);
    expect(accuracy.forecasts).toBe(DEFAULT_FORECAST_BACKTEST.origins.length);
  });

  it('skips origins whose horizon runs past the end, and series too short to forecast', () => {
    const short = { ...ramp, timestamps: ramp.timestamps.slice(0, 14), values: ramp.values.slice(0, 14) };
    const accuracy = backtestForecasts([short], 'ets', fakeModels('exact'));
    expect(accuracy.forecasts).toBe(0);
    expect(accuracy.coverage).toBeNaN();
  });

  it('forecasts a clean daily cycle with the seasonal method within a few percent', () => {
    const day = 1440;
    const daily = {
      labels: { name: 'daily' },
      timestamps: Float64Array.from({ length: 4 * day }, (_, i) => i * STEP),
      values: Float64Array.from({ length: 4 * day }, (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / day)),
    };
    const accuracy = backtestForecasts([daily], 'seasonal', undefined);
    expect(accuracy.forecasts).toBe(3);
    expect(accuracy.smape).toBeLessThan(5);
    expect(accuracy.coverage).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the step as the median gap between timestamps', () => {
    expect(typicalStepMs(Float64Array.from([0, 300_000, 600_000, 1_500_000, 1_800_000]))).toBe(300_000);
  });
});
