import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Series } from '../../src/engine/series';
import { type ServerHandle, startPrometheus } from '../stack';
import { freeLoopbackPort } from '../stack/freePort';
import { writeConfigFile } from './configFile';
import { buildCliForFile } from './deployCliBuild';
import { eventually } from './eventually';

const ROOT = resolve(__dirname, '../..');
const MINUTE = 60_000;
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
const cli = buildCliForFile('vigil-serve-outage-build-');

function load(instance: string, phase: number): Series {
  const points = 8 * 60 + 1;
  const timestamps = new Float64Array(points);
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    timestamps[i] = T0 - (points - 1 - i) * MINUTE;
    values[i] = 50 + 10 * Math.sin(i / 30 + phase);
  }
  return { labels: { __name__: 'vigil_serve_test_load', instance, job: 'serve-test' }, timestamps, values };
}

let prometheus: ServerHandle;
let serve: ChildProcess;
let base: string;

interface Health {
  status: number;
  body: { status: string; lastExitCode: number | null };
}

const health = (): Promise<Health> =>
  fetch(`${base}/healthz`).then(
    async (response) => ({ status: response.status, body: await response.json() }),
    () => ({ status: 0, body: { status: '', lastExitCode: null } })
  );
const metrics = (): Promise<string> => fetch(`${base}/metrics`).then((response) => response.text());

beforeAll(async () => {
  prometheus = await startPrometheus({ history: [load('a', 0), load('b', 1)] });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-outage-'));
  const file = writeConfigFile(dir, {
    prometheus_url: prometheus.url,
    model_path: join(dir, 'state'),
    run_interval_seconds: 1,
    state_ttl: '1h',
    min_points: 120,
    query_timeout_seconds: 2,
    detectors: [
      {
        id: 'load',
        name: 'Load',
        query: 'vigil_serve_test_load',
        step: '1m',
        trainingWindow: '6h',
        scoringWindow: '30m',
        model: { kind: 'seasonal_baseline' },
      },
    ],
  });
  const port = await freeLoopbackPort();
  base = `http://127.0.0.1:${port}`;
  serve = spawn(process.execPath, [cli(), 'serve', '--config', file, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}, 180_000);

afterAll(async () => {
  if (serve?.exitCode === null) {
    const exited = new Promise((done) => serve.once('exit', done));
    serve.kill('SIGTERM');
    await exited;
  }
  await prometheus?.stop();
});

describe('vigil serve while Prometheus is down', () => {
  it('drops the per-series gauges of a detector whose run failed', async () => {
    await eventually(health, ({ body }) => body.lastExitCode === 0, 60_000);
    expect(await metrics()).toMatch(/\nvigil_anomaly_score\{instance="a",job="serve-test",.*vigil_detector="load"\} /);

    await prometheus.stop();
    await eventually(health, ({ body }) => body.lastExitCode === 1, 30_000);
    const text = await metrics();
    expect(text).not.toMatch(/\nvigil_(anomaly_score|expected_value|expected_lower|expected_upper)\{/);
    expect(text).toContain('# TYPE vigil_anomaly_score gauge');
  }, 120_000);

  it('keeps the time of the last successful run while the last run advances', async () => {
    await eventually(health, ({ body }) => body.lastExitCode === 1, 30_000);
    const text = await metrics();
    const gauge = (name: string) => Number(new RegExp(`\n${name}\\{vigil_detector="load"\\} (\\S+)\n`).exec(text)?.[1]);
    expect(gauge('vigil_last_success_timestamp_seconds')).toBeLessThan(gauge('vigil_last_run_timestamp_seconds'));
  });

  it('answers /healthz with 200 and "degraded": runs go on, and a probe must not restart the pod', async () => {
    const { status, body } = await eventually(health, (answer) => answer.body.lastExitCode === 1, 30_000);
    expect({ status, body: body.status }).toEqual({ status: 200, body: 'degraded' });
  });
});
