import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Series } from '../../src/engine/series';
import { type ServerHandle, startPrometheus } from '../stack';
import { buildCliForFile } from './deployCliBuild';
import { writeConfigFile } from './configFile';
import { runVigil } from './runVigil';

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const POINTS = 24 * 60;

function series(instance: string, phase: number): Series {
  const timestamps = Float64Array.from({ length: POINTS }, (_, i) => NOW - (POINTS - 1 - i) * MINUTE);
  const values = Float64Array.from(timestamps, (_, i) => 50 + 10 * Math.sin(i / 60 + phase) + ((i * 7919) % 13) / 5);
  return { labels: { __name__: 'vigil_neural_backend_load', instance, job: 'neural-test' }, timestamps, values };
}

const cli = buildCliForFile('vigil-neural-backend-build-');
let prometheus: ServerHandle;
let dir: string;

beforeAll(async () => {
  prometheus = await startPrometheus({ history: [series('a', 0), series('b', 1), series('c', 2)] });
}, 180_000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-neural-backend-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

afterAll(async () => {
  await prometheus?.stop();
});

const vigil = (args: string[]) => runVigil(cli(), args, { timeoutMs: 150_000 });

function config(kind: string): string {
  return writeConfigFile(dir, {
    prometheus_url: prometheus.url,
    model_path: join(dir, 'state'),
    min_points: 120,
    detectors: [
      {
        id: 'load',
        name: 'Load',
        query: 'vigil_neural_backend_load',
        step: '1m',
        trainingWindow: '20h',
        scoringWindow: '30m',
        model: { kind, params: kind === 'isolation_forest' ? {} : { epochs: 3, maxWindows: 128 } },
      },
    ],
  });
}

/** pino's JSON lines on stderr. */
function logLines(stderr: string): Array<{ level: number; msg: string }> {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

test('vigil detect trains a neural detector on TF.js WebAssembly in its scoring threads, and says so once', async () => {
  const result = await vigil(['detect', '--config', config('lstm_autoencoder'), '--workers', '2']);
  expect(result.code).toBe(0);
  const lines = logLines(result.stderr);
  expect(lines.filter((line) => line.msg.startsWith('neural networks train on'))).toEqual([
    expect.objectContaining({ level: 30, msg: "neural networks train on TF.js's wasm backend" }),
  ]);
  expect(lines.find((line) => line.msg === 'vigil detect finished')).toMatchObject({ series: 3 });
  expect(readdirSync(join(dir, 'state'), { recursive: true }).join(' ')).toContain('load');
}, 180_000);

test('a detector of another kind never starts TF.js WebAssembly', async () => {
  const result = await vigil(['detect', '--config', config('isolation_forest'), '--workers', '2']);
  expect(result.code).toBe(0);
  expect(result.stderr).not.toContain('neural networks train on');
}, 180_000);
