/**
 * Browser benchmark of the anomaly panel: real Chromium, the production build (dist/), the stand-in host in front
 * of a real Prometheus holding 100 series x 1,440 points. Measures, inside the page, the time from the panel
 * receiving its data to the scores being painted, the longest main-thread task meanwhile (PerformanceObserver
 * longtask), and the worker's heap. Baseline in the same run and browser: the same engine (bundled by esbuild)
 * scoring the same series on the main thread. Then a second panel trains an autoencoder in the worker on 1,440
 * points (browserNeuralTraining.ts), beside the same training on the main thread.
 *
 *   npm run build:plugin && npm run bench:browser [-- --json]
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { Series } from '../src/engine/series';
import { startPrometheus } from '../tests/stack';
import { startHostServer } from '../tests/host/server/hostServer';
import {
  esbuildWorkerTraining,
  mainThreadTraining,
  measureNeuralPanel,
  neuralBenchSeries,
  neuralDashboard,
  pluginWorkerTraining,
} from './browserNeuralTraining';
import { installWorkerCall, type WorkerCall } from './workerCall';

const SERIES = 100;
const POINTS = 1440;
const STEP_MS = 60_000;
const END_MS = Date.parse('2026-01-12T00:00:00Z');
const START_MS = END_MS - (POINTS - 1) * STEP_MS;
const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const json = process.argv.includes('--json');

function log(message: string): void {
  if (!json) {
    process.stderr.write(`${message}\n`);
  }
}

/** Deterministic daily-shaped series with noise and a spike on every tenth series. */
function benchSeries(): Series[] {
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: SERIES }, (_, s) => {
    const timestamps = new Float64Array(POINTS);
    const values = new Float64Array(POINTS);
    for (let i = 0; i < POINTS; i++) {
      timestamps[i] = START_MS + i * STEP_MS;
      const daily = Math.sin((2 * Math.PI * i) / POINTS);
      values[i] =
        100 + s + 30 * daily + 5 * (random() - 0.5) + (s % 10 === 0 && i >= 1000 + s && i < 1005 + s ? 200 : 0);
    }
    return {
      labels: { __name__: 'vigil_bench_metric', instance: `bench-${String(s).padStart(3, '0')}`, job: 'vigil-bench' },
      timestamps,
      values,
    };
  });
}

/** Newest source file that goes into the plugin (the CLI does not). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === path.join(ROOT, 'src/cli')) {
      continue;
    }
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function requireFreshBuild(): void {
  const worker = path.join(DIST, 'detector-worker.js');
  let built: number;
  try {
    built = statSync(worker).mtimeMs;
  } catch {
    throw new Error(
      'dist/detector-worker.js is missing: run "npm run build:plugin" first (the bench measures the production build)'
    );
  }
  if (newestMtime(path.join(ROOT, 'src')) > built) {
    throw new Error(
      'dist/ is older than src/: run "npm run build:plugin" first (the bench measures the production build)'
    );
  }
}

async function engineBundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'src/engine/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'VigilEngine',
    platform: 'browser',
    minify: true,
    write: false,
  });
  return result.outputFiles[0].text;
}

function dashboard(): object {
  return {
    uid: 'vigil-bench',
    title: 'Vigil bench',
    timezone: 'utc',
    schemaVersion: 41,
    time: { from: new Date(START_MS).toISOString(), to: new Date(END_MS).toISOString() },
    panels: [
      {
        id: 1,
        type: 'vigil-anomaly-panel',
        title: `${SERIES} series`,
        datasource: { type: 'prometheus', uid: 'prometheus' },
        targets: [
          {
            refId: 'A',
            datasource: { type: 'prometheus', uid: 'prometheus' },
            expr: 'vigil_bench_metric',
            range: true,
            interval: '1m',
          },
        ],
        options: { maxSeries: 200 },
        fieldConfig: { defaults: {}, overrides: [] },
        gridPos: { h: 20, w: 24, x: 0, y: 0 },
      },
    ],
  };
}

interface PanelMeasure {
  dataToPaintMs: number;
  dataToScoredMs: number;
  /** Until the series are posted to the workers, and the workers' own compute (the slowest one's). */
  dataToRequestMs: number;
  workerComputeMs: number;
  maxLongTaskWhileScoringMs: number;
  longTasksWhileScoring: number;
  maxLongTaskPaintingMs: number;
  dataArrivalTaskMs: number;
  /** Times the panel received a new set of frames before painting (each one is a scoring request). */
  dataUpdates: number;
  anomalies: number;
}

/** Heap in use of every dedicated worker of the page, read over the DevTools protocol. */
async function workerHeaps(browser: import('@playwright/test').Browser): Promise<number[]> {
  const session = await browser.newBrowserCDPSession();
  const { targetInfos } = (await session.send('Target.getTargets')) as {
    targetInfos: Array<{ targetId: string; type: string }>;
  };
  const heaps: number[] = [];
  for (const target of targetInfos.filter((info) => info.type === 'worker')) {
    const { sessionId } = (await session.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    })) as { sessionId: string };
    const answer = new Promise<number>((resolve) => {
      session.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
        const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
        if (event.sessionId === sessionId && message.id === 1 && message.result) {
          resolve(message.result.usedSize);
        }
      });
    });
    await session.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }),
    });
    heaps.push(await answer);
  }
  await session.detach();
  return heaps;
}

async function main(): Promise<void> {
  requireFreshBuild();
  const series = benchSeries();
  const neuralSeries = neuralBenchSeries(END_MS);
  const work = mkdtempSync(path.join(tmpdir(), 'vigil-bench-'));
  const dashboards = path.join(work, 'dashboards');
  mkdirSync(dashboards);
  writeFileSync(path.join(dashboards, 'bench.json'), JSON.stringify(dashboard()));
  writeFileSync(path.join(dashboards, 'bench-neural.json'), JSON.stringify(neuralDashboard(END_MS)));
  log(`starting Prometheus with ${SERIES} x ${POINTS} points ...`);
  const prometheus = await startPrometheus({ history: [...series, neuralSeries] });
  const host = await startHostServer({
    prometheusUrl: prometheus.url,
    alertmanagerUrl: 'http://127.0.0.1:9',
    dashboardsDir: dashboards,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx keeps function names with an `__name` helper that functions passed to the page then call.
    await page.addInitScript({ content: 'window.__name = (target) => target;' });
    await page.addInitScript(() => {
      const tasks: Array<{ start: number; duration: number }> = [];
      (window as unknown as { __vigilLongTasks: typeof tasks }).__vigilLongTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          tasks.push({ start: entry.startTime, duration: entry.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
    });
    log('loading the dashboard ...');
    await page.goto(`${host.url}/d/vigil-bench?from=${START_MS}&to=${END_MS}&timezone=utc`);
    const panel = page.getByTestId('vigil-anomaly-panel');
    await panel.waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="vigil-anomaly-panel"]')?.getAttribute('data-state') === 'scored',
      null,
      {
        timeout: 120_000,
      }
    );
    await page.waitForFunction(() => performance.getEntriesByName('vigil-anomaly-painted').length > 0, null, {
      timeout: 30_000,
    });
    const measure: PanelMeasure = await page.evaluate(() => {
      const dataMarks = performance.getEntriesByName('vigil-anomaly-data').map((mark) => mark.startTime);
      const painted = performance.getEntriesByName('vigil-anomaly-painted').map((mark) => mark.startTime);
      const firstPaint = painted[0];
      const dataAt = Math.max(...dataMarks.filter((time) => time <= firstPaint));
      const scoredAt =
        performance
          .getEntriesByName('vigil-anomaly-scored')
          .map((mark) => mark.startTime)
          .find((time) => time >= dataAt) ?? firstPaint;
      const tasks = (window as unknown as { __vigilLongTasks: Array<{ start: number; duration: number }> })
        .__vigilLongTasks;
      const overlapping = (from: number, to: number) =>
        tasks.filter((task) => task.start + task.duration > from && task.start < to);
      const requestAt =
        performance
          .getEntriesByName('vigil-anomaly-request')
          .map((mark) => mark.startTime)
          .find((time) => time >= dataAt) ?? dataAt;
      // While scoring: tasks that start once the series are posted to the workers and before the scores are back.
      const scoring = tasks.filter((task) => task.start >= requestAt && task.start < scoredAt);
      // The task that delivered the data (the datasource's frames, the panel's render and the post) runs before.
      const arrival = tasks.filter((task) => task.start < requestAt && task.start + task.duration > dataAt);
      const painting = overlapping(scoredAt, firstPaint + 1);
      const panel = document.querySelector('[data-testid="vigil-anomaly-panel"]');
      return {
        dataToPaintMs: firstPaint - dataAt,
        dataToScoredMs: scoredAt - dataAt,
        dataToRequestMs: requestAt - dataAt,
        workerComputeMs: Number(panel?.getAttribute('data-compute-ms')),
        maxLongTaskWhileScoringMs: scoring.reduce((max, task) => Math.max(max, task.duration), 0),
        longTasksWhileScoring: scoring.length,
        maxLongTaskPaintingMs: painting.reduce((max, task) => Math.max(max, task.duration), 0),
        dataArrivalTaskMs: arrival.reduce((max, task) => Math.max(max, task.duration), 0),
        dataUpdates: dataMarks.length,
        anomalies: Number(panel?.getAttribute('data-anomaly-count')),
      };
    });
    const heaps = await workerHeaps(browser);

    log('baseline: the same engine scoring the same series on the main thread ...');
    await page.addScriptTag({ content: await engineBundle() });
    const baseline = await page.evaluate(
      async ({ raw }) => {
        const engine = (window as unknown as { VigilEngine: typeof import('../src/engine') }).VigilEngine;
        const spec = engine.parseDetectorSpec({ id: 'panel', name: 'bench', query: 'vigil_bench_metric', step: '1m' });
        const tasks = (window as unknown as { __vigilLongTasks: Array<{ start: number; duration: number }> })
          .__vigilLongTasks;
        const before = tasks.length;
        // Run as an ordinary task of the page (not inside the evaluate call) so the longtask observer sees it.
        const elapsed = await new Promise<number>((resolve) =>
          setTimeout(() => {
            const started = performance.now();
            for (const one of raw) {
              engine.scoreCausally(spec, Float64Array.from(one.timestamps), Float64Array.from(one.values));
            }
            resolve(performance.now() - started);
          }, 0)
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        const blocking = tasks.slice(before).reduce((max, task) => Math.max(max, task.duration), 0);
        return { elapsed, blocking };
      },
      { raw: series.map((one) => ({ timestamps: Array.from(one.timestamps), values: Array.from(one.values) })) }
    );

    log('baseline: the same esbuild engine bundle in one dedicated worker ...');
    const bundle = await engineBundle();
    const inWorker = await page.evaluate(
      async ({ source, raw }) => {
        const script = `${source}
self.onmessage = (event) => {
  const spec = VigilEngine.parseDetectorSpec({ id: 'panel', name: 'bench', query: 'vigil_bench_metric', step: '1m' });
  const started = performance.now();
  for (const one of event.data) {
    VigilEngine.scoreCausally(spec, one.timestamps, one.values);
  }
  self.postMessage(performance.now() - started);
};`;
        const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'application/javascript' })));
        const items = raw.map((one) => ({
          timestamps: Float64Array.from(one.timestamps),
          values: Float64Array.from(one.values),
        }));
        const started = performance.now();
        const computeMs = await new Promise<number>((resolve) => {
          worker.onmessage = (event) => resolve(event.data as number);
          worker.postMessage(items);
        });
        const wallMs = performance.now() - started;
        worker.terminate();
        return { computeMs, wallMs };
      },
      {
        source: bundle,
        raw: series.map((one) => ({ timestamps: Array.from(one.timestamps), values: Array.from(one.values) })),
      }
    );

    log("forecasts in the plugin's own worker (dist/detector-worker.js), augurs WebAssembly served by the host ...");
    await page.evaluate(installWorkerCall);
    const forecast = await page.evaluate(
      async ({ raw, base }) => {
        const worker = new Worker(`${base}detector-worker.js`);
        const vigilWorkerCall = (globalThis as unknown as { vigilWorkerCall: WorkerCall }).vigilWorkerCall;
        const call = (request: unknown) =>
          vigilWorkerCall(worker, 'forecast', request) as Promise<{
            computeMs: number;
            results: Array<{ forecast: { method: string } | null }>;
          }>;
        const augursWasm = { mstl: `${base}augurs/mstl_bg.wasm`, ets: `${base}augurs/ets_bg.wasm` };
        const spec = (method: string) => ({
          id: 'bench',
          name: 'bench',
          query: 'q',
          forecast: { method, horizon: '1h' },
        });
        const items = (count: number) =>
          raw.slice(0, count).map((one) => ({
            labels: one.labels,
            timestamps: Float64Array.from(one.timestamps),
            values: Float64Array.from(one.values),
          }));
        const timed = async (request: unknown) => {
          const started = performance.now();
          const response = await call(request);
          return { wallMs: performance.now() - started, response };
        };
        await timed({ spec: spec('seasonal'), series: items(1) });
        const seasonal = await timed({ spec: spec('seasonal'), series: items(raw.length) });
        const firstEts = await timed({ spec: spec('ets'), series: items(1), augursWasm });
        const ets = await timed({ spec: spec('ets'), series: items(10), augursWasm });
        worker.terminate();
        return {
          seasonalMs: seasonal.response.computeMs,
          seasonalWallMs: seasonal.wallMs,
          seasonalForecasts: seasonal.response.results.filter((one) => one.forecast !== null).length,
          augursLoadMs: firstEts.wallMs - ets.response.computeMs / 10,
          etsMsPerSeries: ets.response.computeMs / 10,
          etsMethod: ets.response.results[0].forecast?.method ?? 'none',
        };
      },
      {
        raw: series.map((one) => ({
          labels: one.labels,
          timestamps: Array.from(one.timestamps),
          values: Array.from(one.values),
        })),
        base: `${host.url}/public/plugins/vigil-anomaly-app/`,
      }
    );

    log('an autoencoder trained in the worker by a second panel (1,440 points of history) ...');
    const neural = await measureNeuralPanel(page, host.url, END_MS);
    log('baseline: the same training on the main thread ...');
    await page.addScriptTag({ content: bundle });
    const neuralBaseline = await mainThreadTraining(page, neuralSeries);
    const neuralInEsbuildWorker = await esbuildWorkerTraining(page, bundle, neuralSeries);
    log(
      "baseline: the same training by the plugin's worker bundle, called directly, on WebAssembly and on the CPU backend ..."
    );
    const pluginBase = `${host.url}/public/plugins/vigil-anomaly-app/`;
    const pluginWorkerWasm = await pluginWorkerTraining(page, pluginBase, neuralSeries, true);
    const pluginWorkerCpu = await pluginWorkerTraining(page, pluginBase, neuralSeries, false);

    const result = {
      browser_series: SERIES,
      browser_points_per_series: POINTS,
      browser_data_to_paint_ms: Math.round(measure.dataToPaintMs),
      browser_max_long_task_ms: Math.round(
        Math.max(measure.maxLongTaskWhileScoringMs, neural.maxLongTaskWhileTrainingMs)
      ),
      browser_max_long_task_scoring_ms: Math.round(measure.maxLongTaskWhileScoringMs),
      browser_long_tasks_while_scoring: measure.longTasksWhileScoring,
      browser_data_to_scored_ms: Math.round(measure.dataToScoredMs),
      browser_data_to_request_ms: Math.round(measure.dataToRequestMs),
      browser_worker_compute_ms: Math.round(measure.workerComputeMs),
      browser_max_long_task_painting_ms: Math.round(measure.maxLongTaskPaintingMs),
      browser_data_arrival_task_ms: Math.round(measure.dataArrivalTaskMs),
      browser_anomalies: measure.anomalies,
      browser_data_updates: measure.dataUpdates,
      browser_workers: heaps.length,
      browser_worker_heap_bytes: heaps.reduce((sum, bytes) => sum + bytes, 0),
      baseline_main_thread_scoring_ms: Math.round(baseline.elapsed),
      baseline_one_worker_esbuild_scoring_ms: Math.round(inWorker.computeMs),
      baseline_one_worker_esbuild_round_trip_ms: Math.round(inWorker.wallMs),
      load_average_1m: Number(loadavg()[0].toFixed(2)),
      baseline_main_thread_max_long_task_ms: Math.round(baseline.blocking),
      browser_forecast_seasonal_100x1440_ms: Math.round(forecast.seasonalMs),
      browser_forecast_seasonal_round_trip_ms: Math.round(forecast.seasonalWallMs),
      browser_forecast_series: forecast.seasonalForecasts,
      browser_forecast_augurs_load_ms: Math.round(forecast.augursLoadMs),
      browser_forecast_ets_ms_per_series: Math.round(forecast.etsMsPerSeries),
      browser_ae_train_ms: Math.round(neural.requestToScoredMs),
      browser_ae_worker_compute_ms: Math.round(neural.workerComputeMs),
      browser_ae_progress_messages: neural.progressMessages,
      browser_max_long_task_training_ms: Math.round(neural.maxLongTaskWhileTrainingMs),
      browser_long_tasks_while_training: neural.longTasksWhileTraining,
      baseline_main_thread_ae_train_ms: Math.round(neuralBaseline.trainMs),
      baseline_main_thread_ae_max_long_task_ms: Math.round(neuralBaseline.maxLongTaskMs),
      baseline_one_worker_esbuild_ae_train_ms: Math.round(neuralInEsbuildWorker),
      baseline_plugin_worker_ae_train_ms: Math.round(pluginWorkerWasm.wallMs),
      baseline_plugin_worker_ae_compute_ms: Math.round(pluginWorkerWasm.computeMs),
      baseline_plugin_worker_ae_backend: pluginWorkerWasm.backend,
      baseline_cpu_plugin_worker_ae_train_ms: Math.round(pluginWorkerCpu.wallMs),
      baseline_cpu_plugin_worker_ae_compute_ms: Math.round(pluginWorkerCpu.computeMs),
    };
    if (neural.progressMessages === 0) {
      throw new Error('the neural panel was scored without reporting any training epoch');
    }
    if (forecast.etsMethod !== 'ets') {
      throw new Error(`the worker's ETS forecast came back as ${forecast.etsMethod}`);
    }
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const heap = `${(result.browser_worker_heap_bytes / 2 ** 20).toFixed(1)} MiB in ${result.browser_workers} worker(s)`;
      process.stdout.write(
        [
          `Anomaly panel, ${SERIES} series x ${POINTS} points, production build, Chromium`,
          `                          worker (panel)    main thread (baseline)`,
          `  data in -> painted      ${String(result.browser_data_to_paint_ms).padStart(6)} ms         scoring alone ${result.baseline_main_thread_scoring_ms} ms`,
          `  data in -> scores back  ${String(result.browser_data_to_scored_ms).padStart(6)} ms         one cold worker (esbuild engine): ${result.baseline_one_worker_esbuild_round_trip_ms} ms round trip`,
          `    posted to the workers ${String(result.browser_data_to_request_ms).padStart(6)} ms; the workers' compute ${result.browser_worker_compute_ms} ms (the rest: waiting for a worker, messages)`,
          `  max long task (scoring) ${String(result.browser_max_long_task_scoring_ms).padStart(6)} ms         ${result.baseline_main_thread_max_long_task_ms} ms`,
          `  long tasks (scoring)    ${String(result.browser_long_tasks_while_scoring).padStart(6)}`,
          `  max long task (paint)   ${String(result.browser_max_long_task_painting_ms).padStart(6)} ms`,
          `  data arrival task       ${String(result.browser_data_arrival_task_ms).padStart(6)} ms (frames in, panel render, post to workers; 0 = under 50 ms)`,
          `  worker heap             ${heap}`,
          `  anomalies found         ${result.browser_anomalies}`,
          `  forecast 1 h, seasonal, ${SERIES} series (worker) ${result.browser_forecast_seasonal_100x1440_ms} ms compute, ${result.browser_forecast_seasonal_round_trip_ms} ms round trip (target <= 1,000 ms)`,
          `  forecast 1 h, augurs ETS (worker)   ${result.browser_forecast_ets_ms_per_series} ms per series; augurs WebAssembly first load ${result.browser_forecast_augurs_load_ms} ms`,
          `  autoencoder, 1,440 pts   ${String(result.browser_ae_train_ms).padStart(6)} ms trained in the panel's worker on WebAssembly and scored (${result.browser_ae_worker_compute_ms} ms compute in the worker, ${result.browser_ae_progress_messages} epochs reported)`,
          `    the plugin's worker called directly: ${result.baseline_plugin_worker_ae_train_ms} ms on ${result.baseline_plugin_worker_ae_backend} (${result.baseline_plugin_worker_ae_compute_ms} ms compute), ${result.baseline_cpu_plugin_worker_ae_train_ms} ms on the CPU backend (${result.baseline_cpu_plugin_worker_ae_compute_ms} ms compute)`,
          `    CPU backend, esbuild engine: ${result.baseline_main_thread_ae_train_ms} ms on the main thread, ${result.baseline_one_worker_esbuild_ae_train_ms} ms in one worker`,
          `  max long task (training)${String(result.browser_max_long_task_training_ms).padStart(6)} ms         ${result.baseline_main_thread_ae_max_long_task_ms} ms`,
          `  max long task (all)     ${String(result.browser_max_long_task_ms).padStart(6)} ms`,
          `  targets: data -> painted <= 500 ms; no main-thread task > 50 ms while scoring or training`,
          `  machine load (1 min average) ${result.load_average_1m} on ${cpus().length} cores: figures scale with it`,
          '',
        ].join('\n')
      );
    }
  } finally {
    await browser.close();
    await host.stop();
    await prometheus.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:browser: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
