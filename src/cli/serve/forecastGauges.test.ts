import { parseDetectorSpec } from '../../engine/detectorSpec';
import { forecastSeries } from '../../engine/forecast/forecastSeries';
import type { Series } from '../../engine/series';
import { MetricsRegistry } from '../metrics/registry';
import { declareForecastGauges } from '../metrics/vigilMetrics';
import { updateForecastGauges } from './forecastGauges';

const STEP = 60_000;
const NOW = 1_700_000_000_000;

function series(instance: string, level: number, endMs: number): Series {
  const timestamps = Float64Array.from({ length: 120 }, (_, i) => endMs - (119 - i) * STEP);
  const values = Float64Array.from(timestamps, (_, i) => level + (i % 3));
  return { labels: { __name__: 'up', instance }, timestamps, values };
}

describe('updateForecastGauges', () => {
  const spec = parseDetectorSpec({
    id: 'cpu',
    name: 'cpu',
    query: 'up',
    trainingWindow: '2h',
    seasonality: 'none',
    forecast: { horizon: '30m', level: 0.9 },
  });

  it('fetches the training window up to now and sets value, lower and upper at the horizon per series', async () => {
    const registry = new MetricsRegistry();
    declareForecastGauges(registry);
    const asked: number[][] = [];
    const endMs = Math.floor(NOW / STEP) * STEP;
    const fetched = [series('a', 10, endMs), series('b', 50, endMs)];
    const count = await updateForecastGauges(registry, {
      spec,
      nowMs: NOW,
      fetch: async (start, end, step) => {
        asked.push([start, end, step]);
        return fetched;
      },
      loadModels: () => Promise.reject(new Error('seasonal needs no models')),
    });
    expect(count).toBe(2);
    expect(asked).toEqual([[endMs - 2 * 3_600_000, endMs, STEP]]);
    const expected = forecastSeries(spec, fetched[1])!;
    const text = registry.render();
    expect(text).toContain(
      `vigil_forecast_value{instance="b",metric="up",vigil_detector="cpu",horizon="30m"} ${expected.values[29]}`
    );
    expect(text).toContain(
      `vigil_forecast_lower{instance="b",metric="up",vigil_detector="cpu",horizon="30m"} ${expected.lower[29]}`
    );
    expect(text).toContain(`vigil_forecast_upper{instance="a",metric="up",vigil_detector="cpu",horizon="30m"} `);
  });

  it('drops the forecasts of series that vanished since the last pass', async () => {
    const registry = new MetricsRegistry();
    declareForecastGauges(registry);
    const endMs = Math.floor(NOW / STEP) * STEP;
    const pass = (list: Series[]) =>
      updateForecastGauges(registry, { spec, nowMs: NOW, fetch: async () => list, loadModels: jest.fn() });
    await pass([series('a', 10, endMs), series('b', 50, endMs)]);
    await pass([series('b', 50, endMs)]);
    expect(registry.render()).not.toContain('instance="a"');
    expect(registry.render()).toContain('instance="b"');
  });
});
