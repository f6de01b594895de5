import type { DetectorSpec } from '../../engine/detectorSpec';
import type { Forecast, ForecastModels } from '../../engine/forecast/forecast';
import { forecastSeries } from '../../engine/forecast/forecastSeries';
import { parseDuration } from '../../engine/duration';
import type { Series } from '../../engine/series';
import type { MetricsRegistry } from '../metrics/registry';
import { FORECAST_GAUGES, seriesMetricLabels } from '../metrics/vigilMetrics';

export interface ForecastPass {
  spec: DetectorSpec;
  nowMs: number;
  /** The detector's series over its training window, on its step grid, ending at `endMs`. */
  fetch(startMs: number, endMs: number, stepMs: number): Promise<Series[]>;
  /** MSTL/ETS, loaded on first need. */
  loadModels(): Promise<ForecastModels>;
}

/**
 * Forecasts every series of a detector that has a `forecast` block from its training window and sets
 * the forecast gauges at the horizon's end (label `horizon`, the spec's horizon). The detector's
 * previous forecast gauges are dropped first, so vanished series go. Returns the series forecast.
 */
export async function updateForecastGauges(registry: MetricsRegistry, pass: ForecastPass): Promise<number> {
  const { spec, nowMs } = pass;
  const settings = spec.forecast;
  if (!settings) {
    return 0;
  }
  const stepMs = parseDuration(spec.step)!;
  const endMs = Math.floor(nowMs / stepMs) * stepMs;
  const series = await pass.fetch(endMs - parseDuration(spec.trainingWindow)!, endMs, stepMs);
  const models = settings.method === 'seasonal' ? undefined : await pass.loadModels();
  const forecasts = series.map((one) => ({ one, forecast: forecastSeries(spec, one, models) }));
  clearForecastGauges(registry, spec.id);
  let count = 0;
  for (const { one, forecast } of forecasts) {
    if (forecast) {
      setHorizonEnd(registry, { ...seriesMetricLabels(spec.id, one.labels), horizon: settings.horizon }, forecast);
      count++;
    }
  }
  return count;
}

/** Drops a detector's forecast gauges (before a pass sets them again, and after a pass that failed). */
export function clearForecastGauges(registry: MetricsRegistry, detector: string): void {
  for (const name of FORECAST_GAUGES) {
    registry.clear(name, { vigil_detector: detector });
  }
}

function setHorizonEnd(registry: MetricsRegistry, labels: Record<string, string>, forecast: Forecast): void {
  const last = forecast.timestamps.length - 1;
  registry.set('vigil_forecast_value', labels, forecast.values[last]);
  registry.set('vigil_forecast_lower', labels, forecast.lower[last]);
  registry.set('vigil_forecast_upper', labels, forecast.upper[last]);
}
