import type { Logger } from '../log';
import { otlpConfigFromEnv } from './otlpConfig';
import { exportSpans } from './otlpExport';
import { NOOP_TRACER, recordingTracer, type Tracer } from './tracer';

/** fetch's own message is a bare "fetch failed"; the reason (ECONNREFUSED, timeout) is in its cause. */
function describe(error: Error): string {
  const cause = (error.cause as Error | undefined)?.message;
  return cause ? `${error.message}: ${cause}` : error.message;
}

/**
 * The run tracer: OTLP/HTTP JSON export when an OTEL_EXPORTER_OTLP_*ENDPOINT is set, else the no-op tracer.
 * A failed export is a warning, never an error of the run.
 */
export function tracerFromEnv(env: NodeJS.ProcessEnv, log: Logger): Tracer {
  const { config, warnings } = otlpConfigFromEnv(env);
  for (const warning of warnings) {
    log.warn(warning);
  }
  if (!config) {
    return NOOP_TRACER;
  }
  log.debug({ url: config.url, service: config.serviceName }, 'tracing: exporting OTLP/HTTP JSON');
  return recordingTracer(async (spans) => {
    try {
      await exportSpans(config, spans);
      log.debug({ spans: spans.length }, 'tracing: spans exported');
    } catch (error) {
      log.warn({ url: config.url, spans: spans.length, error: describe(error as Error) }, 'trace export failed');
    }
  });
}
