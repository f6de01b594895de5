import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PrometheusClient } from '../../clients';
import { type FakeAnswer, fakeFetch, rangeAnswer } from '../../clients/fakeFetch';
import { loadConfig } from '../config/loadConfig';
import { createRunMetrics, declareForecastGauges } from '../metrics/vigilMetrics';
import { runForecasts } from './forecastRun';

const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);

describe('runForecasts', () => {
  it("drops a detector's forecasts when a pass fails, rather than serving the last ones as current", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-forecast-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      [
        'prometheus_url: http://prom.test',
        `model_path: ${dir}`,
        'min_points: 30',
        'detectors:',
        '  - { id: disk, name: Disk, query: disk, step: 1m, trainingWindow: 2h, seasonality: none, forecast: { horizon: 30m } }',
      ].join('\n')
    );
    const config = loadConfig(file, { env: {} });
    const registry = createRunMetrics();
    declareForecastGauges(registry);
    const pass = (answer: (url: string) => FakeAnswer) =>
      runForecasts({
        config,
        shard: { index: 0, count: 1 },
        clients: {
          prometheus: new PrometheusClient({
            baseUrl: 'http://prom.test',
            fetch: fakeFetch((call) => answer(call.url)).fetch,
            retry: { attempts: 1 },
          }),
          prometheusTarget: 'prom.test',
        },
        registry,
        log: pino({ level: 'silent' }),
        nowMs: NOW,
      });
    const disk = [{ metric: { __name__: 'disk', instance: 'a' }, value: (t: number) => String(0.5 + t / 1e14) }];

    expect(await pass((url) => ({ status: 200, body: rangeAnswer(url, 60_000, disk) }))).toEqual([]);
    expect(registry.render()).toContain(
      '\nvigil_forecast_upper{instance="a",metric="disk",vigil_detector="disk",horizon="30m"} '
    );

    const errors = await pass(() => 'network-error');
    expect(errors).toEqual([expect.stringMatching(/^detector disk: forecast failed: /)]);
    expect(registry.render()).not.toMatch(/\nvigil_forecast_(value|lower|upper)\{/);
  });
});
