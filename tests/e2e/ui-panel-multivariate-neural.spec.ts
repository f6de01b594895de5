import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { testIds } from '../../src/components/testIds';
import { generateMultivariateMetrics } from '../../src/engine/synthetic/multivariateMetrics';
import { expect, test } from './fixtures';
import { longTasksText, recordLongTasks } from './longTasks';
import type { MetricSeriesJson, NodeScores } from './multivariatePanelNodeScores';
import { saveScreenshot } from './screenshots';

const DASHBOARD = {
  uid: 'vigil-multivariate-neural',
  from: '2026-01-10T00:00:00.000Z',
  to: '2026-01-12T00:00:00.000Z',
};
const TSX = resolve(__dirname, '../../node_modules/.bin/tsx');
/** A flagged point may trail its window by a few steps. */
const SLACK_MS = 20 * 60_000;

/** What the panel asked its worker for (`scoreMultivariate`) and what the worker answered, as the page saw them. */
interface WorkerExchange {
  request: { spec: unknown; metrics: MetricSeriesJson[]; history: MetricSeriesJson[] };
  answer: Array<{
    key: string;
    labels: Record<string, string>;
    fittedOnHistory: boolean;
    metrics: string[];
    timestamps: number[];
    scores: number[];
    anomalies: number[];
    shares: number[];
  }>;
}

/** The Node engine's scores of a multivariate request (multivariatePanelNodeScores.ts, through tsx). */
async function nodeEngineScores(request: WorkerExchange['request']): Promise<NodeScores> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-mv-panel-'));
  try {
    await writeFile(join(dir, 'request.json'), JSON.stringify(request));
    const { stdout } = await promisify(execFile)(TSX, [
      resolve(__dirname, 'multivariatePanelNodeScores.ts'),
      join(dir, 'request.json'),
    ]);
    return JSON.parse(stdout) as NodeScores;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Wraps the page's Worker so that every `scoreMultivariate` call the panel makes over comlink's wire protocol, and
 * the worker's answer to it, are copied into `window.vigilMultivariateExchanges` (the panel itself is unchanged).
 */
function recordMultivariateExchanges(): void {
  type Series = { labels: Record<string, string>; timestamps: Float64Array; values: Float64Array };
  type Metric = { metric: string; series: Series[] };
  const exchanges: Array<Partial<WorkerExchange> & { id: string }> = [];
  Object.assign(window, { vigilMultivariateExchanges: exchanges });
  const plain = (metrics: Metric[] | undefined) =>
    (metrics ?? []).map(({ metric, series }) => ({
      metric,
      series: series.map(({ labels, timestamps, values }) => ({
        labels,
        timestamps: Array.from(timestamps),
        values: Array.from(values),
      })),
    }));
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      const send = this.postMessage.bind(this) as (message: unknown, transfer: Transferable[]) => void;
      this.postMessage = ((message: unknown, transfer: Transferable[]) => {
        const call = message as { id?: string; path?: string[]; argumentList?: Array<{ value?: unknown }> };
        if (call.id && call.path?.[0] === 'scoreMultivariate') {
          // Copied before the buffers are transferred away.
          const { spec, metrics, history } = call.argumentList![0].value as {
            spec: unknown;
            metrics: Metric[];
            history?: Metric[];
          };
          exchanges.push({ id: call.id, request: { spec, metrics: plain(metrics), history: plain(history) } });
        }
        send(message, transfer);
      }) as Worker['postMessage'];
      this.addEventListener('message', (event: MessageEvent) => {
        const exchange = exchanges.find((one) => one.id === event.data?.id);
        const results = event.data?.value?.results;
        if (exchange && Array.isArray(results)) {
          exchange.answer = results.map(
            (one: {
              key: string;
              labels: Record<string, string>;
              fittedOnHistory: boolean;
              result: { timestamps: Float64Array; scores: Float64Array; anomalies: Uint8Array };
              contributions: { metrics: string[]; shares: Float64Array };
            }) => ({
              key: one.key,
              labels: one.labels,
              fittedOnHistory: one.fittedOnHistory,
              metrics: one.contributions.metrics,
              timestamps: Array.from(one.result.timestamps),
              scores: Array.from(one.result.scores),
              anomalies: Array.from(one.result.anomalies),
              shares: Array.from(one.contributions.shares),
            })
          );
        }
      });
    }
  };
}

test('an autoencoder over the joined windows of four metrics trains in the worker with its progress shown, flags the broken relations, names the metrics, and scores as the Node engine does', async ({
  dashboardPage,
  page,
}, testInfo) => {
  await page.addInitScript(recordMultivariateExchanges);
  await recordLongTasks(page);
  const started = Date.now();
  await dashboardPage.goto(DASHBOARD.uid, DASHBOARD);
  const panel = dashboardPage.anomalyPanel();

  // The worker reports each epoch of each target's training; the panel says so while it waits.
  const message = page.getByTestId(testIds.panel.message);
  await expect(message).toHaveAttribute('data-training-epoch', /^[1-9]\d*$/, { timeout: 60_000 });
  const trainingShown = Date.now();
  await expect(message).toContainText(
    /Training autoencoder in the worker: series [1-6] of 6 on 575 points, epoch \d+ of at most 20.*, on WebAssembly…/
  );
  await expect(message, 'the worker trains on TF.js WebAssembly backend').toHaveAttribute(
    'data-training-backend',
    'wasm'
  );
  await saveScreenshot(page, testInfo, 'ui-panel-multivariate-neural-training');
  const exchanges = () =>
    page.evaluate(
      () =>
        (window as unknown as { vigilMultivariateExchanges: Array<Partial<WorkerExchange>> }).vigilMultivariateExchanges
    );
  // The Node engine scores the request the panel sent while the worker trains.
  const [{ request }] = await exchanges();
  const nodeScoring = nodeEngineScores(request!).then((scores) => ({ ...scores, doneAt: Date.now() }));
  // Awaited below; a test that fails before then must not also report the rejection as unhandled.
  nodeScoring.catch(() => undefined);
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: 90_000 });
  const scored = Date.now();
  const longTasksUntilScored = await longTasksText(page);
  // Six services, one joined target each, every one fitted on the two days before the visible range.
  await expect(panel).toHaveAttribute('data-series-count', '6');
  await expect(panel).toHaveAttribute('data-fitted-on-history', '6');

  const answered = (await exchanges()).filter((one): one is WorkerExchange => one.answer !== undefined);
  expect(answered, 'the panel asked its worker once').toHaveLength(1);
  const [{ answer }] = answered;
  expect(answered[0].request).toEqual(request);
  expect(answer.map((one) => one.labels)).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ instance: `svc-${n}` })));
  expect(answer.every((one) => one.metrics.join() === 'traffic,latency,errors,cpu')).toBe(true);

  // The panel draws the worker's answer: its flagged points are exactly the answer's.
  const flaggedInAnswer = answer
    .flatMap(({ timestamps, anomalies }) => timestamps.filter((_, i) => anomalies[i] === 1))
    .sort((a, b) => a - b);
  const found = ((await panel.getAttribute('data-anomaly-timestamps')) ?? '').split(',').filter(Boolean).map(Number);
  expect(found).toEqual(flaggedInAnswer);

  // Every decoupling window is flagged; at the first flagged point of a window, the largest share names a metric.
  const targets = generateMultivariateMetrics();
  const namedFirst: Record<string, string> = {};
  for (const target of targets.filter((one) => one.scenario !== 'none')) {
    const [start, end] = target.anomalyWindows[0];
    const scoredTarget = answer.find((one) => one.labels.instance === target.instance)!;
    const first = scoredTarget.timestamps.findIndex(
      (time, i) => scoredTarget.anomalies[i] === 1 && time >= start && time <= end + SLACK_MS
    );
    expect(first, `${target.instance}: the ${target.scenario} decoupling is flagged`).toBeGreaterThanOrEqual(0);
    const shares = scoredTarget.shares.slice(first * 4, first * 4 + 4);
    namedFirst[target.instance] = `${target.scenario}: ${scoredTarget.metrics[shares.indexOf(Math.max(...shares))]}`;
  }
  expect(namedFirst).toEqual({
    'svc-1': 'latency: latency',
    'svc-2': 'cpu: cpu',
    'svc-4': 'latency: latency',
    'svc-5': 'cpu: cpu',
  });

  // The contributions name targets by their join labels, the most anomalous (highest flagged score) first, with the
  // metrics by their mean share over the target's flagged points: three lines, all decoupled services here.
  const contributions = page.getByTestId(testIds.panel.contributions);
  await expect(contributions).toBeVisible();
  const expectedLines = answer
    .filter((one) => one.anomalies.includes(1))
    .map((one) => {
      const flagged = one.anomalies.flatMap((flag, i) => (flag === 1 ? [i] : []));
      const meanShare = one.metrics.map((_, m) => flagged.reduce((sum, i) => sum + one.shares[i * 4 + m], 0));
      return {
        target: `{instance="${one.labels.instance}"}`,
        peak: Math.max(...flagged.map((i) => one.scores[i])),
        leading: one.metrics[meanShare.indexOf(Math.max(...meanShare))],
      };
    })
    .sort((a, b) => b.peak - a.peak)
    .slice(0, 3);
  const lines = await contributions.locator(':scope > div').allTextContents();
  expect(lines.map((line) => line.split(/: | /).slice(0, 2).join(' '))).toEqual(
    expectedLines.map(({ target, leading }) => `${target} ${leading}`)
  );
  expect(expectedLines.every(({ target }) => !target.includes('svc-3') && !target.includes('svc-6'))).toBe(true);
  await saveScreenshot(page, testInfo, 'ui-panel-multivariate-neural');

  // The Node engine, given what the panel sent its worker and training on the CLI's TF.js backend, gives the same
  // scores and contributions (1e-6).
  const { targets: node, backend, doneAt: nodeDone } = await nodeScoring;
  expect(backend, 'the TF.js backend the Node engine trained on').toBe('wasm');
  expect(node.map((one) => one.key)).toEqual(answer.map((one) => one.key));
  let worstScore = 0;
  let worstShare = 0;
  answer.forEach((worker, t) => {
    expect(worker.fittedOnHistory).toBe(true);
    expect(worker.scores).toHaveLength(node[t].scores.length);
    worker.scores.forEach((score, i) => (worstScore = Math.max(worstScore, Math.abs(score - node[t].scores[i]))));
    worker.shares.forEach((share, i) => (worstShare = Math.max(worstShare, Math.abs(share - node[t].shares[i]))));
  });
  expect(worstScore, 'largest |worker - Node| score difference').toBeLessThanOrEqual(1e-6);
  expect(worstShare, 'largest |worker - Node| contribution difference').toBeLessThanOrEqual(1e-6);
  expect(Math.max(...answer.flatMap((one) => one.scores)), 'the scores are not all zero').toBeGreaterThan(0.9);

  testInfo.annotations.push(
    { type: 'navigation -> first training epoch shown (ms)', description: String(trainingShown - started) },
    {
      type: 'first epoch shown -> scored: 6 autoencoders trained and scored in the worker (ms)',
      description: String(scored - trainingShown),
    },
    {
      type: `first epoch shown -> the Node engine (tsx, TF.js ${backend}) has scored the same request, beside the browser (ms)`,
      description: String(nodeDone - trainingShown),
    },
    { type: 'largest |worker - Node| score / contribution difference', description: `${worstScore} / ${worstShare}` },
    { type: 'main-thread long tasks from navigation to scored (ms)', description: longTasksUntilScored }
  );
});
