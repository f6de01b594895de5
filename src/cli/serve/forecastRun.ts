import type { VigilConfig } from '../config/loadConfig';
import { loadAugursModels } from '../forecast/loadAugurs';
import type { Logger } from '../log';
import type { MetricsRegistry } from '../metrics/registry';
import type { RunClients } from '../run/clients';
import { fetchSeriesGrid } from '../run/seriesGrid';
import { inShard, type Shard } from '../shard';
import { clearForecastGauges, updateForecastGauges } from './forecastGauges';

export interface ForecastRunInput {
  config: VigilConfig;
  shard: Shard;
  clients: RunClients;
  registry: MetricsRegistry;
  log: Logger;
  nowMs: number;
}

/**
 * After each serve run: the forecast gauges of every enabled detector with a `forecast` block, from its
 * series in this shard over the training window. A detector that fails is logged and counted in
 * vigil_run_errors_total, and its forecast gauges are dropped until the next success (absent, not stale). Returns
 * the errors.
 */
export async function runForecasts(input: ForecastRunInput): Promise<string[]> {
  const { config, shard, clients, registry, log, nowMs } = input;
  const errors: string[] = [];
  for (const spec of config.detectors.filter((detector) => detector.enabled && detector.forecast)) {
    try {
      const series = await updateForecastGauges(registry, {
        spec,
        nowMs,
        fetch: (startMs, endMs, stepMs) =>
          fetchSeriesGrid(
            (query, from, to, step) =>
              clients.prometheus.queryRange(query, from, to, step, {
                timeout: `${config.settings.query_timeout_seconds}s`,
              }),
            spec.query,
            startMs,
            endMs,
            stepMs,
            (labels) => inShard(labels, shard)
          ),
        loadModels: loadAugursModels,
      });
      log.debug({ detector: spec.id, series, method: spec.forecast!.method }, 'forecasts updated');
    } catch (error) {
      const message = `detector ${spec.id}: forecast failed: ${(error as Error).message}`;
      errors.push(message);
      clearForecastGauges(registry, spec.id);
      registry.inc('vigil_run_errors_total', { vigil_detector: spec.id });
      log.error({ detector: spec.id, error: (error as Error).message }, 'forecast failed');
    }
  }
  return errors;
}
