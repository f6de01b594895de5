/**
 * The browser bench's neural part: an anomaly panel whose autoencoder trains in the plugin's worker on the
 * day before the visible range (1,440 one-minute points), measured from the page, and the same training on
 * the page's main thread as the baseline.
 */
import type { Page } from '@playwright/test';
import type { Series } from '../src/engine/series';
import { installWorkerCall, type WorkerCall } from './workerCall';

export const NEURAL_DASHBOARD_UID = 'vigil-bench-neural';
const NEURAL_METRIC = 'vigil_bench_neural';
const DAY_POINTS = 1440;
const STEP_MS = 60_000;
/**
 * The detector the neural panel scores with (its options as panelDetectorSpec turns them into a spec), for the
 * baselines: with a one-day training window the detector's history holds 2,048 points, so while the second day is
 * scored it fills up and the network is trained once more, as in the panel.
 */
const PANEL_SPEC = {
  id: 'panel',
  name: 'bench',
  query: NEURAL_METRIC,
  step: '1m',
  trainingWindow: '1d',
  model: { kind: 'autoencoder', params: {} },
};

/** Two days of one daily-shaped series ending at `endMs`: the first is the training history, the second is shown. */
export function neuralBenchSeries(endMs: number): Series {
  const points = 2 * DAY_POINTS;
  let state = 777;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const timestamps = new Float64Array(points);
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    timestamps[i] = endMs - (points - 1 - i) * STEP_MS;
    const spike = i >= DAY_POINTS + 700 && i < DAY_POINTS + 705 ? 150 : 0;
    values[i] = 100 + 30 * Math.sin((2 * Math.PI * i) / DAY_POINTS) + 5 * (random() - 0.5) + spike;
  }
  return { labels: { __name__: NEURAL_METRIC, instance: 'bench-neural', job: 'vigil-bench' }, timestamps, values };
}

export function neuralDashboard(endMs: number): object {
  const from = endMs - (DAY_POINTS - 1) * STEP_MS;
  return {
    uid: NEURAL_DASHBOARD_UID,
    title: 'Vigil bench, autoencoder',
    timezone: 'utc',
    schemaVersion: 41,
    time: { from: new Date(from).toISOString(), to: new Date(endMs).toISOString() },
    panels: [
      {
        id: 1,
        type: 'vigil-anomaly-panel',
        title: 'autoencoder trained in the worker',
        datasource: { type: 'prometheus', uid: 'prometheus' },
        targets: [
          {
            refId: 'A',
            datasource: { type: 'prometheus', uid: 'prometheus' },
            expr: NEURAL_METRIC,
            range: true,
            interval: '1m',
          },
        ],
        options: { model: 'autoencoder', trainingRange: 'history', historyWindow: '1d' },
        fieldConfig: { defaults: {}, overrides: [] },
        maxDataPoints: DAY_POINTS,
        interval: '1m',
        gridPos: { h: 14, w: 24, x: 0, y: 0 },
      },
    ],
  };
}

export interface NeuralTrainingMeasure {
  /** Series posted to the worker (history loaded) -> scores back: training on 1,440 points, then scoring the next 1,440. */
  requestToScoredMs: number;
  /** The worker's own compute time for that request (training and scoring), as the panel received it. */
  workerComputeMs: number;
  /** Training epochs the panel was told about while it waited. */
  progressMessages: number;
  maxLongTaskWhileTrainingMs: number;
  longTasksWhileTraining: number;
}

/**
 * Opens the neural dashboard (the page must already record long tasks in `__vigilLongTasks`) and measures,
 * inside the page, the training the panel asked the worker for.
 */
export async function measureNeuralPanel(page: Page, hostUrl: string, endMs: number): Promise<NeuralTrainingMeasure> {
  const from = endMs - (DAY_POINTS - 1) * STEP_MS;
  await page.goto(`${hostUrl}/d/${NEURAL_DASHBOARD_UID}?from=${from}&to=${endMs}&timezone=utc`);
  await page.getByTestId('vigil-anomaly-panel').waitFor();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="vigil-anomaly-panel"]')?.getAttribute('data-state') === 'scored',
    null,
    { timeout: 180_000 }
  );
  return page.evaluate(() => {
    const requestAt = Math.max(...performance.getEntriesByName('vigil-anomaly-request').map((mark) => mark.startTime));
    const scoredAt = Math.min(
      ...performance
        .getEntriesByName('vigil-anomaly-scored')
        .map((mark) => mark.startTime)
        .filter((time) => time >= requestAt)
    );
    const progress = performance
      .getEntriesByName('vigil-anomaly-training')
      .filter((mark) => mark.startTime >= requestAt && mark.startTime <= scoredAt);
    const tasks = (window as unknown as { __vigilLongTasks: Array<{ start: number; duration: number }> })
      .__vigilLongTasks;
    const training = tasks.filter((task) => task.start + task.duration > requestAt && task.start < scoredAt);
    return {
      requestToScoredMs: scoredAt - requestAt,
      workerComputeMs: Number(
        document.querySelector('[data-testid="vigil-anomaly-panel"]')?.getAttribute('data-compute-ms')
      ),
      progressMessages: progress.length,
      maxLongTaskWhileTrainingMs: training.reduce((max, task) => Math.max(max, task.duration), 0),
      longTasksWhileTraining: training.length,
    };
  });
}

/**
 * Baseline: the same work on the page's main thread (engine bundle loaded): the autoencoder trained on the
 * first day, then the second day scored.
 */
export async function mainThreadTraining(
  page: Page,
  series: Series
): Promise<{ trainMs: number; maxLongTaskMs: number }> {
  return page.evaluate(
    async ({ timestamps, values, days, panelSpec }) => {
      const engine = (window as unknown as { VigilEngine: typeof import('../src/engine') }).VigilEngine;
      const spec = engine.parseDetectorSpec(panelSpec);
      const tasks = (window as unknown as { __vigilLongTasks: Array<{ start: number; duration: number }> })
        .__vigilLongTasks;
      const before = tasks.length;
      const day = (k: number) => ({
        labels: {},
        timestamps: Float64Array.from(timestamps.slice(k * days, (k + 1) * days)),
        values: Float64Array.from(values.slice(k * days, (k + 1) * days)),
      });
      // An ordinary task of the page (not the evaluate call itself), so the longtask observer sees it.
      const trainMs = await new Promise<number>((resolve) =>
        setTimeout(() => {
          const started = performance.now();
          const detector = engine.createDetector(spec);
          detector.fit(day(0));
          detector.score(day(1));
          resolve(performance.now() - started);
        }, 0)
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { trainMs, maxLongTaskMs: tasks.slice(before).reduce((max, task) => Math.max(max, task.duration), 0) };
    },
    {
      timestamps: Array.from(series.timestamps),
      values: Array.from(series.values),
      days: DAY_POINTS,
      panelSpec: PANEL_SPEC,
    }
  );
}

/** Baseline: the same training and scoring by the esbuild engine bundle in one dedicated worker of the page. */
export async function esbuildWorkerTraining(page: Page, bundle: string, series: Series): Promise<number> {
  return page.evaluate(
    async ({ source, timestamps, values, days, panelSpec }) => {
      const script = `${source}
self.onmessage = (event) => {
  const { timestamps, values, days, panelSpec } = event.data;
  const spec = VigilEngine.parseDetectorSpec(panelSpec);
  const day = (k) => ({ labels: {}, timestamps: timestamps.slice(k * days, (k + 1) * days), values: values.slice(k * days, (k + 1) * days) });
  const started = performance.now();
  const detector = VigilEngine.createDetector(spec);
  detector.fit(day(0));
  detector.score(day(1));
  self.postMessage(performance.now() - started);
};`;
      const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'application/javascript' })));
      const ms = await new Promise<number>((resolve) => {
        worker.onmessage = (event) => resolve(event.data as number);
        worker.postMessage({
          timestamps: Float64Array.from(timestamps),
          values: Float64Array.from(values),
          days,
          panelSpec,
        });
      });
      worker.terminate();
      return ms;
    },
    {
      source: bundle,
      timestamps: Array.from(series.timestamps),
      values: Array.from(series.values),
      days: DAY_POINTS,
      panelSpec: PANEL_SPEC,
    }
  );
}

/**
 * The same training and scoring by the plugin's own worker bundle (`dist/detector-worker.js`), called directly over
 * comlink's wire protocol: one `score` with the first day as history, so the network trains in one go, without the
 * panel's worker pool, progress messages or rendering. With `tfWasm` the worker trains on TF.js's WebAssembly
 * backend; without it, on the CPU backend. Either way TF.js (and its WebAssembly) is loaded within this call, as a
 * panel's first neural request loads it. Returns the call's wall time and the worker's own compute time.
 */
export async function pluginWorkerTraining(
  page: Page,
  base: string,
  series: Series,
  tfWasm: boolean
): Promise<{ wallMs: number; computeMs: number; backend: string }> {
  await page.evaluate(installWorkerCall);
  return page.evaluate(
    async ({ timestamps, values, days, pluginBase, withWasm, panelSpec }) => {
      const worker = new Worker(`${pluginBase}detector-worker.js`);
      const vigilWorkerCall = (globalThis as unknown as { vigilWorkerCall: WorkerCall }).vigilWorkerCall;
      const call = (method: string, argument: unknown) => vigilWorkerCall(worker, method, argument);
      if (withWasm) {
        await call('locateTensorflow', {
          script: `${pluginBase}tensorflow-in-worker.js`,
          plain: `${pluginBase}tfjs/tfjs-backend-wasm.wasm`,
          simd: `${pluginBase}tfjs/tfjs-backend-wasm-simd.wasm`,
        });
      }
      await call('warmUp', 0);
      const day = (k: number) => ({
        labels: { instance: 'bench-neural' },
        timestamps: Float64Array.from(timestamps.slice(k * days, (k + 1) * days)),
        values: Float64Array.from(values.slice(k * days, (k + 1) * days)),
      });
      const started = performance.now();
      const response = (await call('score', { spec: panelSpec, items: [{ series: day(1), history: day(0) }] })) as {
        computeMs: number;
      };
      const wallMs = performance.now() - started;
      const stats = (await call('stats', undefined)) as { neuralBackend: string };
      worker.terminate();
      return { wallMs, computeMs: response.computeMs, backend: stats.neuralBackend };
    },
    {
      timestamps: Array.from(series.timestamps),
      values: Array.from(series.values),
      days: DAY_POINTS,
      pluginBase: base,
      withWasm: tfWasm,
      panelSpec: PANEL_SPEC,
    }
  );
}
