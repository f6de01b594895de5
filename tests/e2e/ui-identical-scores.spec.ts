import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { generateMultivariateMetrics, MULTIVARIATE_METRICS } from '../../src/engine/synthetic/multivariateMetrics';
import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
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
];

function nabTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

for (const { kind, tolerance, findsIncident } of CASES) {
  test(`the production worker and \`vigil score\` give identical scores (${tolerance}) on the same data: ${kind}`, async ({
    page,
  }) => {
    const SPEC = {
      id: 'identical',
      name: 'identical scores',
      query: 'demo',
      model: { kind, params: {} },
      sensitivity: 0.5,
    };
    test.skip(!existsSync(CLI), 'run "npm run build" first: dist-cli/vigil.js is missing');
    const series = generateServerMetrics({ days: 1, seed: 11 }).find((one) => one.anomalyWindows.length > 0)!;
    const dir = mkdtempSync(join(tmpdir(), 'vigil-identical-'));
    try {
      const rows = Array.from(series.timestamps, (time, i) => `${nabTime(time)},${series.values[i]}`);
      writeFileSync(join(dir, 'data.csv'), `timestamp,value\n${rows.join('\n')}\n`);
      writeFileSync(join(dir, 'detector.yaml'), stringify(SPEC));
      execFileSync(process.execPath, [
        CLI,
        'score',
        '--input',
        join(dir, 'data.csv'),
        '--output',
        join(dir, 'scores.csv'),
        '--detector',
        join(dir, 'detector.yaml'),
      ]);
      const [header, ...lines] = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n');
      const column = header.split(',').indexOf('anomaly_score');
      const cliScores = lines.map((line) => Number(line.split(',')[column]));

      await page.goto('/a/vigil-anomaly-app/detectors');
      const workerScores = await page.evaluate(
        async ({ spec, timestamps, values }) => {
          // The production worker bundle, spoken to over comlink's wire protocol.
          const worker = new Worker('/public/plugins/vigil-anomaly-app/detector-worker.js');
          const answer = await new Promise<{ type: string; value: { scores?: Float64Array; message?: string } }>(
            (resolvePromise) => {
              worker.onmessage = (event) => resolvePromise(event.data);
              worker.postMessage({
                id: 'identical',
                type: 'APPLY',
                path: ['scoreCausally'],
                argumentList: [
                  {
                    type: 'RAW',
                    value: { spec, timestamps: Float64Array.from(timestamps), values: Float64Array.from(values) },
                  },
                ],
              });
            }
          );
          worker.terminate();
          if (!answer.value.scores) {
            throw new Error(`worker answered ${JSON.stringify(answer)}`);
          }
          return Array.from(answer.value.scores);
        },
        { spec: SPEC, timestamps: Array.from(series.timestamps), values: Array.from(series.values) }
      );

      expect(workerScores).toHaveLength(cliScores.length);
      const worst = workerScores.reduce((max, score, i) => Math.max(max, Math.abs(score - cliScores[i])), 0);
      expect(worst, 'largest |worker - CLI| score difference').toBeLessThanOrEqual(tolerance);
      if (findsIncident) {
        expect(Math.max(...cliScores), 'the detector scores the incident').toBeGreaterThan(0.7);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

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
  ) as { split: number; scores: number[]; shares: number[]; foundWindow: boolean };
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
