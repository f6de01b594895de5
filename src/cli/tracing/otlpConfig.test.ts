import { otlpConfigFromEnv } from './otlpConfig';

describe('otlpConfigFromEnv', () => {
  it('is off without an endpoint', () => {
    expect(otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'a=b' })).toEqual({ warnings: [] });
    expect(otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toEqual({ warnings: [] });
  });

  it('appends /v1/traces to the base endpoint and defaults the service name', () => {
    expect(otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).config).toEqual({
      url: 'http://collector:4318/v1/traces',
      headers: {},
      serviceName: 'vigil',
      timeoutMs: 5_000,
    });
  });

  it('uses the traces endpoint as the full URL, ahead of the base endpoint', () => {
    const { config } = otlpConfigFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp/spans',
      OTEL_SERVICE_NAME: 'vigil-prod',
    });
    expect(config).toMatchObject({ url: 'https://traces.example/otlp/spans', serviceName: 'vigil-prod' });
  });

  it('parses k=v,k2=v2 headers, percent-decoded, and warns about a malformed entry without its value', () => {
    const { config, warnings } = otlpConfigFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20s3cret, x-scope-orgid = tenant=1 ,secretvalue',
    });
    expect(config?.headers).toEqual({ Authorization: 'Bearer s3cret', 'x-scope-orgid': 'tenant=1' });
    expect(warnings).toEqual(['OTEL_EXPORTER_OTLP_HEADERS: entry 3 is not key=value; ignored']);
    expect(warnings.join(' ')).not.toContain('secretvalue');
  });

  it('leaves tracing off with a warning naming the variable for a non-http URL', () => {
    const result = otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' });
    expect(result.config).toBeUndefined();
    expect(result.warnings).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL, got "collector:4317"; tracing is off',
    ]);
  });

  it('leaves tracing off for an endpoint with credentials, without repeating them', () => {
    for (const endpoint of ['http://otuser:OTELPW@127.0.0.1:4318', 'otuser:OTELPW@collector:4318']) {
      const result = otlpConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
      expect(result.config).toBeUndefined();
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT: must .*; tracing is off$/);
      expect(result.warnings[0]).not.toMatch(/OTELPW|otuser/);
    }
  });

  it('takes the export timeout from the traces variable first, and warns about a bad one', () => {
    const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(otlpConfigFromEnv({ ...base, OTEL_EXPORTER_OTLP_TIMEOUT: '750' }).config?.timeoutMs).toBe(750);
    expect(
      otlpConfigFromEnv({ ...base, OTEL_EXPORTER_OTLP_TIMEOUT: '750', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '250' }).config
        ?.timeoutMs
    ).toBe(250);
    const bad = otlpConfigFromEnv({ ...base, OTEL_EXPORTER_OTLP_TIMEOUT: '2s' });
    expect(bad.config?.timeoutMs).toBe(5_000);
    expect(bad.warnings).toEqual([
      'OTEL_EXPORTER_OTLP_TIMEOUT: must be a positive whole number of milliseconds, got "2s"; using 5000',
    ]);
  });
});
