import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { generateMultivariateMetrics, MULTIVARIATE_METRICS } from '../../src/engine/synthetic/multivariateMetrics';
import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const CLI = resolve(__dirname, '../../dist-cli/vigil.js');
const TSX = resolve(__dirname, '../../node_modules/.bin/tsx');
/**
 * Each kind with the largest score difference allowed between hosts (the neural kinds train in TF.js on both), and
 * whether it must also score the series' incident above 0.7 (so equal scores are not equal zeros).
 */
const CASES = [
  { kind: 'default', tolerance: 1e-12, findsIncident: false },
  { kind: 'ensemble', tolerance: 1e-12, findsIncident: true },
  { kind: 'contextual', tolerance: 1e-12, findsIncident: false },
  { kind: 'artime', tolerance: 1e-12, findsIncident: true },
  { kind: 'autoencoder', tolerance: 1e-6, findsIncident: true },
  { kind: 'vae', tolerance: 1e-6, findsIncident: false },
  { kind: 'lstm_autoencoder', tolerance: 1e-6, findsIncident: false },
];

const NEURAL = ['autoencoder', 'vae', 'lstm_autoencoder'];
/** Where the built plugin serves TF.js and its WebAssembly (the page sends the worker these URLs, see wasmUrls.ts). */
const TENSORFLOW = {
  script: '/public/plugins/vigil-anomaly-app/tensorflow-in-worker.js',
  plain: '/public/plugins/vigil-anomaly-app/tfjs/tfjs-backend-wasm.wasm',
  simd: '/public/plugins/vigil-anomaly-app/tfjs/tfjs-backend-wasm-simd.wasm',
};

/**
 * The production worker bundle, spoken to over comlink's wire protocol: told where TF.js's WebAssembly is (as
 * the page's client does), asked for causal scores, then for the backend its networks trained on.
 */
async function scoreInWorker(
  page: Page,
  spec: object,
  timestamps: Float64Array,
  values: Float64Array,
  tensorflow: { script: string; plain: string; simd: string }
): Promise<{ scores: number[]; neuralBackend: string }> {
  return page.evaluate(
    async ({ specInput, times, points, urls }) => {
      const worker = new Worker('/public/plugins/vigil-anomaly-app/detector-worker.js');
      const call = (id: string, method: string, argument: unknown) =>
        new Promise<{ type: string; value: unknown }>((resolvePromise) => {
          worker.onmessage = (event) => resolvePromise(event.data);
          worker.postMessage({ id, type: 'APPLY', path: [method], argumentList: [{ type: 'RAW', value: argument }] });
        });
      try {
        const absolute = (path: string) => new URL(path, window.location.href).href;
        await call('locate', 'locateTensorflow', {
          script: absolute(urls.script),
          plain: absolute(urls.plain),
          simd: absolute(urls.simd),
        });
        const answer = await call('score', 'scoreCausally', {
          spec: specInput,
          timestamps: Float64Array.from(times),
          values: Float64Array.from(points),
        });
        const result = answer.value as { scores?: Float64Array };
        if (!result?.scores) {
          throw new Error(`worker answered ${JSON.stringify(answer)}`);
        }
        const stats = (await call('stats', 'stats', undefined)).value as { neuralBackend: string };
        return { scores: Array.from(result.scores), neuralBackend: stats.neuralBackend };
      } finally {
        worker.terminate();
      }
    },
    { specInput: spec, times: Array.from(timestamps), points: Array.from(values), urls: tensorflow }
  );
}

function nabTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** `vigil score` on `series` with `spec`: each row's score, and what it said on stderr. */
function scoreWithCli(spec: object, series: { timestamps: Float64Array; values: Float64Array }) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-identical-'));
  try {
    const rows = Array.from(series.timestamps, (time, i) => `${nabTime(time)},${series.values[i]}`);
    writeFileSync(join(dir, 'data.csv'), `timestamp,value\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'detector.yaml'), stringify(spec));
    const run = spawnSync(
      process.execPath,
      [
        CLI,
        'score',
        '--input',
        join(dir, 'data.csv'),
        '--output',
        join(dir, 'scores.csv'),
        '--detector',
        join(dir, 'detector.yaml'),
      ],
      { encoding: 'utf8' }
    );
    expect(run.status, run.stderr).toBe(0);
    const [header, ...lines] = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n');
    const column = header.split(',').indexOf('anomaly_score');
    return { scores: lines.map((line) => Number(line.split(',')[column])), stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const specOf = (kind: string) => ({
  id: 'identical',
  name: 'identical scores',
  query: 'demo',
  model: { kind, params: {} },
  sensitivity: 0.5,
});

const incidentSeries = () => generateServerMetrics({ days: 1, seed: 11 }).find((one) => one.anomalyWindows.length > 0)!;

function largestDifference(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return a.reduce((max, score, i) => Math.max(max, Math.abs(score - b[i])), 0);
}

for (const { kind, tolerance, findsIncident } of CASES) {
  test(`the production worker and \`vigil score\` give identical scores (${tolerance}) on the same data: ${kind}`, async ({
    page,
  }) => {
    test.skip(!existsSync(CLI), 'run "npm run build" first: dist-cli/vigil.js is missing');
    const series = incidentSeries();
    const cli = scoreWithCli(specOf(kind), series);
    await page.goto('/a/vigil-anomaly-app/detectors');
    const worker = await scoreInWorker(page, specOf(kind), series.timestamps, series.values, TENSORFLOW);
    if (NEURAL.includes(kind)) {
      expect(cli.stderr, 'the CLI trains on the WebAssembly backend').toContain('(TF.js wasm backend)');
      expect(worker.neuralBackend, 'the worker trains on the WebAssembly backend, as the CLI').toBe('wasm');
    }
    expect(largestDifference(worker.scores, cli.scores), 'largest |worker - CLI| score difference').toBeLessThanOrEqual(
      tolerance
    );
    if (findsIncident) {
      expect(Math.max(...cli.scores), 'the detector scores the incident').toBeGreaterThan(0.7);
    }
  });
}

test('a worker whose TF.js WebAssembly URL serves no WebAssembly trains on the CPU backend, within 1e-6 of the CLI', async ({
  page,
}) => {
  test.skip(!existsSync(CLI), 'run "npm run build" first: dist-cli/vigil.js is missing');
  const series = incidentSeries();
  const cli = scoreWithCli(specOf('autoencoder'), series);
  await page.goto('/a/vigil-anomaly-app/detectors');
  // A file the plugin serves that is not WebAssembly (as a proxy's error page would be).
  const notWasm = '/public/plugins/vigil-anomaly-app/plugin.json';
  const missing = { ...TENSORFLOW, plain: notWasm, simd: notWasm };
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('vigil worker:')) {
      warnings.push(message.text());
    }
  });
  const worker = await scoreInWorker(page, specOf('autoencoder'), series.timestamps, series.values, missing);
  expect(worker.neuralBackend).toBe('cpu');
  expect(warnings).toEqual([expect.stringContaining('plugin.json; the neural networks train on the CPU backend')]);
  expect(largestDifference(worker.scores, cli.scores), 'largest |worker - CLI| score difference').toBeLessThanOrEqual(
    1e-6
  );
});

test('the production worker and the Node engine give the same multivariate autoencoder scores (1e-6)', async ({
  page,
}) => {
  const spec = {
    id: 'identical-mv',
    name: 'identical multivariate',
    query: 'traffic',
    model: { kind: 'autoencoder', params: {} },
    multivariate: { on: ['instance'], primary: 'traffic', queries: { latency: 'l', errors: 'e', cpu: 'c' } },
  };
  const node = JSON.parse(
    execFileSync(TSX, [resolve(__dirname, 'multivariateNodeScores.ts'), JSON.stringify(spec)], { encoding: 'utf8' })
  ) as { split: number; neuralBackend: string; scores: number[]; shares: number[]; foundWindow: boolean };
  expect(node.neuralBackend, 'Node trains on the WebAssembly backend, as the CLI').toBe('wasm');
  const target = generateMultivariateMetrics({ targets: 1 })[0];
  const part = (from: number, to?: number) =>
    MULTIVARIATE_METRICS.map((metric) => ({
      metric,
      labels: target.metrics[metric].labels,
      timestamps: Array.from(target.metrics[metric].timestamps.subarray(from, to)),
      values: Array.from(target.metrics[metric].values.subarray(from, to)),
    }));

  await page.goto('/a/vigil-anomaly-app/detectors');
  const worker = await page.evaluate(
    async ({ specInput, history, metrics }) => {
      const asMessage = (parts: typeof metrics) =>
        parts.map(({ metric, labels, timestamps, values }) => ({
          metric,
          series: [{ labels, timestamps: Float64Array.from(timestamps), values: Float64Array.from(values) }],
        }));
      const detectorWorker = new Worker('/public/plugins/vigil-anomaly-app/detector-worker.js');
      const answer = await new Promise<{
        type: string;
        value: {
          results?: Array<{ result: { scores: Float64Array }; contributions: { shares: Float64Array } }>;
        };
      }>((resolvePromise) => {
        detectorWorker.onmessage = (event) => resolvePromise(event.data);
        detectorWorker.postMessage({
          id: 'identical-mv',
          type: 'APPLY',
          path: ['scoreMultivariate'],
          argumentList: [
            { type: 'RAW', value: { spec: specInput, metrics: asMessage(metrics), history: asMessage(history) } },
          ],
        });
      });
      detectorWorker.terminate();
      const one = answer.value.results?.[0];
      if (!one) {
        throw new Error(`worker answered ${JSON.stringify(answer)}`);
      }
      return { scores: Array.from(one.result.scores), shares: Array.from(one.contributions.shares) };
    },
    { specInput: spec, history: part(0, node.split), metrics: part(node.split) }
  );

  expect(worker.scores).toHaveLength(node.scores.length);
  const worst = worker.scores.reduce((max, score, i) => Math.max(max, Math.abs(score - node.scores[i])), 0);
  expect(worst, 'largest |worker - Node| score difference').toBeLessThanOrEqual(1e-6);
  const worstShare = worker.shares.reduce((max, share, i) => Math.max(max, Math.abs(share - node.shares[i])), 0);
  expect(worstShare, 'largest |worker - Node| contribution difference').toBeLessThanOrEqual(1e-6);
  expect(node.foundWindow, 'the autoencoder flags the decoupling window').toBe(true);
});
