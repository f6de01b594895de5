import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { generateMultivariateMetrics, MULTIVARIATE_METRICS } from '../../src/engine/synthetic/multivariateMetrics';
import { type ServerHandle, startPrometheus } from '../stack';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist-cli/vigil.js');
const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const targets = generateMultivariateMetrics({ endMs: NOW });

let prometheus: ServerHandle;

beforeAll(async () => {
  await new Promise<void>((built, failed) =>
    execFile(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT }, (error) => (error ? failed(error) : built()))
  );
  prometheus = await startPrometheus({
    history: targets.flatMap((target) => MULTIVARIATE_METRICS.map((metric) => target.metrics[metric])),
  });
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
});

function vigil(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 120_000 }, (error, _stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr })
    );
  });
}

test('vigil detect joins four metrics by instance and flags what only their combination shows, naming the metric', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-mv-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    stringify({
      prometheus_url: prometheus.url,
      model_path: join(dir, 'state'),
      output_csv: join(dir, 'scores.csv'),
      detectors: [
        {
          id: 'service',
          name: 'Service health',
          query: 'demo_service_traffic',
          step: '1m',
          trainingWindow: '1d',
          scoringWindow: '2d',
          multivariate: {
            on: ['instance'],
            primary: 'traffic',
            queries: { latency: 'demo_service_latency', errors: 'demo_service_errors', cpu: 'demo_service_cpu' },
          },
        },
      ],
    })
  );
  const result = await vigil(['detect', '--config', file]);
  expect(result.code).toBe(0);
  const rows = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
  const anomalous = rows.filter((row) => row.split(',')[5] === '1');
  for (const target of targets.filter((one) => one.scenario !== 'none')) {
    const [start, end] = target.anomalyWindows[0];
    const inWindow = anomalous.filter((row) => {
      const time = Date.parse(row.split(',')[2]);
      return row.includes(`instance=""${target.instance}""`) && time >= start && time <= end + 15 * MINUTE;
    });
    expect({ target: target.instance, flagged: inWindow.length > 0 }).toEqual({
      target: target.instance,
      flagged: true,
    });
    expect(
      inWindow.some((row) =>
        row.includes(`Unusual combination for instance=""${target.instance}"": ${target.scenario}`)
      )
    ).toBe(true);
  }
  const targetsScored = new Set(rows.map((row) => /instance=""(svc-\d+)""/.exec(row)?.[1]));
  expect([...targetsScored].sort()).toEqual(targets.map((target) => target.instance).sort());
}, 180_000);
