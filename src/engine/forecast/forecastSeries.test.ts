import { parseDetectorSpec, type DetectorSpecInput } from '../detectorSpec';
import { ForecastError, type ForecastModels } from './forecast';
import { forecastSeries } from './forecastSeries';

const STEP = 60_000;
const DAY = 86_400_000;

function spec(forecast: DetectorSpecInput['forecast'], extra: Partial<DetectorSpecInput> = {}) {
  return parseDetectorSpec({ id: 'f', name: 'f', query: 'q', forecast, ...extra });
}

/** Three days of a daily sine around 100 with a little deterministic noise. */
function dailySeries() {
  const points = 3 * 1440;
  const timestamps = Float64Array.from({ length: points }, (_, i) => i * STEP);
  const values = Float64Array.from(
    timestamps,
    (t, i) => 100 + 30 * Math.sin((2 * Math.PI * t) / DAY) + ((i * 7) % 5) - 2
  );
  return { labels: { instance: 'a' }, timestamps, values };
}

describe('forecastSeries, seasonal', () => {
  it('carries the daily shape forward past the last point, inside a band of the requested width', () => {
    const series = dailySeries();
    const forecast = forecastSeries(spec({ horizon: '6h', level: 0.95 }), series)!;
    expect(forecast.method).toBe('seasonal');
    expect(forecast.timestamps).toHaveLength(360);
    expect(forecast.timestamps[0]).toBe(series.timestamps[series.timestamps.length - 1] + STEP);
    forecast.timestamps.forEach((t, k) => {
      const truth = 100 + 30 * Math.sin((2 * Math.PI * t) / DAY);
      expect(Math.abs(forecast.values[k] - truth)).toBeLessThan(3);
      expect(forecast.lower[k]).toBeLessThan(truth);
      expect(forecast.upper[k]).toBeGreaterThan(truth);
    });
  });

  it('widens the interval with the level', () => {
    const series = dailySeries();
    const narrow = forecastSeries(spec({ horizon: '1h', level: 0.5 }), series)!;
    const wide = forecastSeries(spec({ horizon: '1h', level: 0.99 }), series)!;
    expect(wide.upper[0] - wide.lower[0]).toBeGreaterThan(2.5 * (narrow.upper[0] - narrow.lower[0]));
    expect(wide.values[0]).toBe(narrow.values[0]);
  });

  it('is flat at the recent median without a season, and forecasts the rate of a counter', () => {
    const timestamps = Float64Array.from({ length: 120 }, (_, i) => i * STEP);
    const counter = Float64Array.from(timestamps, (_, i) => i * 600);
    const forecast = forecastSeries(spec({ horizon: '5m' }, { seasonality: 'none', counter: true }), {
      labels: {},
      timestamps,
      values: counter,
    })!;
    expect(Array.from(forecast.values)).toEqual([10, 10, 10, 10, 10]);
  });

  it('starts after the last finite value past an unfilled gap, and is null with under three values', () => {
    const timestamps = Float64Array.from({ length: 13 }, (_, i) => i * STEP);
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, NaN, NaN, NaN, NaN, NaN, NaN, NaN]);
    const forecast = forecastSeries(spec({ horizon: '2m' }, { seasonality: 'none' }), {
      labels: {},
      timestamps,
      values,
    })!;
    expect(Array.from(forecast.timestamps)).toEqual([6 * STEP, 7 * STEP]);
    const sparse = Float64Array.from([...new Array(11).fill(NaN), 1, 2]);
    expect(forecastSeries(spec({}, { seasonality: 'none' }), { labels: {}, timestamps, values: sparse })).toBeNull();
  });
});

describe('forecastSeries, model methods', () => {
  const calls: Array<{ kind: string; periods?: number[]; length: number; horizon: number; level: number }> = [];
  const models: ForecastModels = {
    mstl: (values, periods, horizon, level) => {
      calls.push({ kind: 'mstl', periods, length: values.length, horizon, level });
      return {
        point: new Float64Array(horizon).fill(1),
        lower: new Float64Array(horizon),
        upper: new Float64Array(horizon).fill(2),
      };
    },
    ets: (values, horizon, level) => {
      calls.push({ kind: 'ets', length: values.length, horizon, level });
      expect(values.every(Number.isFinite)).toBe(true);
      return {
        point: new Float64Array(horizon).fill(3),
        lower: new Float64Array(horizon),
        upper: new Float64Array(horizon).fill(4),
      };
    },
  };
  beforeEach(() => (calls.length = 0));

  it('hands MSTL the daily period in steps when the history holds two of them', () => {
    const forecast = forecastSeries(spec({ method: 'mstl', horizon: '30m', level: 0.8 }), dailySeries(), models)!;
    expect(calls).toEqual([{ kind: 'mstl', periods: [1440], length: 4320, horizon: 30, level: 0.8 }]);
    expect(forecast.method).toBe('mstl');
    expect(forecast.values[0]).toBe(1);
  });

  it('uses ETS for MSTL when no season fits twice, with gaps interpolated', () => {
    const timestamps = Float64Array.from({ length: 100 }, (_, i) => i * STEP);
    const values = Float64Array.from(timestamps, (_, i) => (i % 10 === 3 ? NaN : i));
    const forecast = forecastSeries(
      spec({ method: 'mstl', horizon: '3m' }),
      { labels: {}, timestamps, values },
      models
    )!;
    expect(forecast.method).toBe('ets');
    expect(calls[0]).toMatchObject({ kind: 'ets', length: 100, horizon: 3 });
  });

  it('names what is missing when the models are not loaded, and a spec refuses a horizon over a week of steps', () => {
    expect(() => forecastSeries(spec({ method: 'ets' }), dailySeries())).toThrow(
      new ForecastError('detector f: forecast.method: ets needs the augurs models, not loaded here')
    );
    expect(() => spec({ horizon: '8d' })).toThrow('detector: forecast.horizon: 8d is 11520 steps of 1m; at most 10080');
  });
});
