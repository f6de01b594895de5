import pino from 'pino';
import { NOOP_TRACER } from './tracer';
import { tracerFromEnv } from './tracerFromEnv';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('tracerFromEnv', () => {
  it('is the no-op tracer, silently, when no endpoint is set', () => {
    const { log, lines } = capturingLogger();
    expect(tracerFromEnv({ OTEL_SERVICE_NAME: 'x' }, log)).toBe(NOOP_TRACER);
    expect(lines).toEqual([]);
  });

  it('is the no-op tracer with a warning for an unusable endpoint', () => {
    const { log, lines } = capturingLogger();
    expect(tracerFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, log)).toBe(NOOP_TRACER);
    expect(lines.map((line) => line.msg)).toEqual([
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: must be an http(s) URL, got "not a url"; tracing is off',
    ]);
  });

  it('records spans when an endpoint is set', () => {
    const { log } = capturingLogger();
    expect(tracerFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, log)).not.toBe(NOOP_TRACER);
  });
});
