import { parseDetectorSpec } from '../../engine/detectorSpec';
import { forecastSeries } from '../../engine/forecast/forecastSeries';
import { loadAugursModels } from './loadAugurs';

const STEP = 60_000;

function trendSeries(points: number) {
  const timestamps = Float64Array.from({ length: points }, (_, i) => i * STEP);
  const values = Float64Array.from(timestamps, (_, i) => 100 + 0.5 * i + Math.sin(i) * 0.2);
  return { labels: { instance: 'a' }, timestamps, values };
}

describe('augurs models in Node', () => {
  it('ETS follows a linear trend ahead of the last point, inside its interval', async () => {
    const models = await loadAugursModels();
    const spec = parseDetectorSpec({
      id: 'f',
      name: 'f',
      query: 'q',
      seasonality: 'none',
      forecast: { method: 'ets', horizon: '10m', level: 0.9 },
    });
    const forecast = forecastSeries(spec, trendSeries(300), models)!;
    expect(forecast.method).toBe('ets');
    expect(Array.from(forecast.timestamps)).toEqual(Array.from({ length: 10 }, (_, k) => (300 + k) * STEP));
    for (let k = 0; k < 10; k++) {
      const truth = 100 + 0.5 * (300 + k);
      expect(Math.abs(forecast.values[k] - truth)).toBeLessThan(2);
      expect(forecast.lower[k]).toBeLessThan(forecast.values[k]);
      expect(forecast.upper[k]).toBeGreaterThan(forecast.values[k]);
    }
  });

  it('MSTL on a series holding two days at 15m steps keeps the daily shape; with less it falls back to ETS', async () => {
    const models = await loadAugursModels();
    const step = 15 * 60_000;
    const points = 4 * 96;
    const timestamps = Float64Array.from({ length: points }, (_, i) => i * step);
    const values = Float64Array.from(timestamps, (t) => 50 + 20 * Math.sin((2 * Math.PI * t) / 86_400_000));
    const spec = parseDetectorSpec({
      id: 'f',
      name: 'f',
      query: 'q',
      step: '15m',
      seasonality: 'daily',
      forecast: { method: 'mstl', horizon: '6h' },
    });
    const forecast = forecastSeries(spec, { labels: {}, timestamps, values }, models)!;
    expect(forecast.method).toBe('mstl');
    forecast.timestamps.forEach((t, k) => {
      expect(Math.abs(forecast.values[k] - (50 + 20 * Math.sin((2 * Math.PI * t) / 86_400_000)))).toBeLessThan(2);
    });
    const short = { labels: {}, timestamps: timestamps.subarray(0, 100), values: values.subarray(0, 100) };
    expect(forecastSeries(spec, short, models)!.method).toBe('ets');
  });
});
