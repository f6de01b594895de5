// `npm run bench:cli [-- --series N --points P --baseline-series B --json]`
// `vigil detect` over N series x P points (1-minute step) held by a real Prometheus (backfilled with
// promtool; the TSDB is cached between bench runs), with a real Alertmanager and Pushgateway: a cold run
// (no state: fits every series) five minutes before the data ends, then a steady run at its end, in the
// same state directory. Beside it, in the same bench run, the same pair over B series (the baseline) and
// over 3 B series, so the steady run's cost per series can be fitted (cli_scaling). Each run is a child
// process so its peak RSS is its own. State per series after a simulated week is measured in-process.
import { execFile, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pino from 'pino';
import { stringify } from 'yaml';
import { loadConfig } from '../src/cli/config/loadConfig';
import { createRunClients } from '../src/cli/run/clients';
import { detectRun } from '../src/cli/run/detectRun';
import { engineAdapter } from '../src/cli/run/engineAdapter';
import { createDetector, parseDetectorSpec, restoreDetector, seriesKey } from '../src/engine';
import { BINARIES, binaryVersion, requireBinary } from '../tests/stack/binaries';
import { startAlertmanager, startPushgateway, type ServerHandle } from '../tests/stack';
import { launchServer, makeTempDir } from '../tests/stack/serverProcess';

const MINUTE = 60_000;
/** Fixed so the cached TSDB stays valid: the runs evaluate "now" = END_MS. */
const END_MS = Date.UTC(2026, 0, 12, 0, 0, 0);
const METRIC = 'vigil_bench_load';
const GROUPS = 10;
const DATA_VERSION = 1;
const CLI_BUNDLE = resolve(__dirname, '../dist-cli/vigil.js');

interface RunFigures {
  series: number;
  samplesRead: number;
  points: number;
  runS: number;
  queryS: number;
  scoreS: number;
  alertS: number;
  stateS: number;
  peakRssMb: number;
  stateBytes: number;
  anomalies: number;
  alerts: number;
  exitCode: number;
}

/** Deterministic value of series i at minute m: daily shape, per-series level and noise, a spike on 1%. */
function value(i: number, m: number): number {
  const level = 100 + (i % 97) * 3;
  const daily = 0.3 * Math.sin((2 * Math.PI * m) / 1440 + (i % 13));
  let hash = Math.imul(i * 1_000_003 + m, 0x9e3779b1) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b) >>> 0;
  const noise = (hash / 2 ** 32 - 0.5) * 0.05;
  const spike = i % 100 === 7 && m >= 1435 ? 4 : 0;
  return level * (1 + daily + noise + spike);
}

function instance(i: number): string {
  return `host-${String(i).padStart(5, '0')}`;
}

async function writeOpenMetrics(file: string, series: number, points: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((drained) => out.once('drain', () => drained()));
  await write(`# TYPE ${METRIC} gauge\n`);
  const firstMinute = END_MS / MINUTE - (points - 1);
  for (let i = 0; i < series; i++) {
    const selector = `${METRIC}{group="${i % GROUPS}",instance="${instance(i)}",job="vigil-bench"}`;
    const lines: string[] = [];
    for (let m = 0; m < points; m++) {
      lines.push(`${selector} ${value(i, m).toFixed(3)} ${(firstMinute + m) * 60}`);
    }
    await write(`${lines.join('\n')}\n`);
  }
  await write('# EOF\n');
  await new Promise<void>((closed) => out.end(closed));
}

/** The backfilled TSDB for (series, points), built once with promtool and kept in the cache directory. */
async function cachedTsdb(series: number, points: number): Promise<{ dir: string; backfillS?: number }> {
  const cacheRoot = join(tmpdir(), 'vigil-bench-cache');
  const dir = join(cacheRoot, `tsdb-v${DATA_VERSION}-${series}x${points}`);
  if (existsSync(join(dir, 'complete'))) {
    return { dir };
  }
  const started = performance.now();
  const work = join(cacheRoot, `build-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'data'), { recursive: true });
  process.stderr.write(`backfilling ${series} x ${points} samples with promtool (cached afterwards)...\n`);
  await writeOpenMetrics(join(work, 'history.om'), series, points);
  await promisify(execFile)(
    requireBinary(BINARIES.promtool),
    [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      '--max-block-duration=24h',
      join(work, 'history.om'),
      join(work, 'data'),
    ],
    {
      maxBuffer: 64 * 1024 * 1024,
    }
  );
  rmSync(join(work, 'history.om'));
  writeFileSync(join(work, 'data', 'complete'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(join(work, 'data'), dir);
  rmSync(work, { recursive: true, force: true });
  return { dir, backfillS: (performance.now() - started) / 1000 };
}

async function startBackfilledPrometheus(blocks: string): Promise<ServerHandle> {
  const binary = requireBinary(BINARIES.prometheus);
  const tempDir = await makeTempDir('prometheus');
  const dataDir = join(tempDir, 'data');
  await cp(blocks, dataDir, { recursive: true, filter: (source) => !source.endsWith('complete') });
  writeFileSync(join(tempDir, 'prometheus.yml'), 'global:\n  scrape_interval: 1m\n');
  return launchServer({
    name: 'prometheus',
    binary,
    version: binaryVersion(BINARIES.prometheus),
    tempDir,
    dataDir,
    args: (listenAddress) => [
      `--config.file=${join(tempDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=100y',
      '--query.max-samples=100000000',
      `--web.listen-address=${listenAddress}`,
    ],
  });
}

function directoryBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : statSync(full).size;
  }
  return total;
}

/** Child mode: one detect run in this process; prints its figures as one JSON line on stdout. */
async function runChild(
  configFile: string,
  series: number,
  points: number,
  workers: number,
  nowMs: number
): Promise<void> {
  const config = loadConfig(configFile, { env: {} });
  const log = pino({ level: 'warn' }, pino.destination(2));
  const report = await detectRun({
    config,
    shard: { index: 0, count: 1 },
    log,
    engine: engineAdapter,
    clients: createRunClients(config),
    nowMs,
    workers,
    workerScript: CLI_BUNDLE,
  });
  const figures: RunFigures = {
    series,
    samplesRead: report.detectors.reduce((sum, detector) => sum + detector.samplesRead, 0),
    points,
    runS: report.timings.totalS,
    queryS: report.timings.queryS,
    scoreS: report.timings.scoreS,
    alertS: report.timings.alertS,
    stateS: report.timings.stateS,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    stateBytes: directoryBytes(config.settings.model_path),
    anomalies: report.detectors.reduce((sum, detector) => sum + detector.anomalies, 0),
    alerts: report.alerts.length,
    exitCode: report.exitCode,
  };
  if (report.detectors.some((detector) => detector.seriesScored !== series)) {
    throw new Error(
      `expected ${series} series scored, got ${JSON.stringify(report.detectors)} ${report.errors.join('; ')}`
    );
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** A cold run five minutes before the data's end, then a steady run at its end, on one state directory. */
async function measure(
  urls: { prometheus: string; alertmanager: string; pushgateway: string },
  series: number,
  points: number,
  groups: number,
  workers: number
): Promise<{ cold: RunFigures; steady: RunFigures }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-run-'));
  try {
    const query =
      groups >= GROUPS ? METRIC : `${METRIC}{group=~"${Array.from({ length: groups }, (_, g) => g).join('|')}"}`;
    const configFile = join(dir, 'config.yaml');
    writeFileSync(
      configFile,
      stringify({
        prometheus_url: urls.prometheus,
        alertmanager_url: urls.alertmanager,
        pushgateway_url: urls.pushgateway,
        model_path: join(dir, 'state'),
        query_timeout_seconds: 120,
        min_points: 60,
        // The bench measures state, not drift handling: a drift refit would turn a steady run into a fit.
        drift_detection: false,
        detectors: [
          { id: 'bench', name: 'Bench', query, step: '1m', trainingWindow: `${points - 60}m`, scoringWindow: '60m' },
        ],
      })
    );
    const runAt = async (nowMs: number): Promise<RunFigures> => {
      const args = [String(series), String(points), String(workers), String(nowMs)];
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(__filename), '--child', configFile, ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += String(chunk)));
      const code = await new Promise<number | null>((exited) => child.once('exit', exited));
      if (code !== 0) {
        throw new Error(`bench run over ${series} series failed (exit ${code})`);
      }
      return JSON.parse(stdout.trim().split('\n').pop()!) as RunFigures;
    };
    const cold = await runAt(END_MS - 5 * MINUTE);
    return { cold, steady: await runAt(END_MS) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(label: string, f: RunFigures): string {
  const perSeries = Math.round(f.stateBytes / f.series);
  return [
    label.padEnd(10),
    String(f.series).padStart(7),
    String(f.points).padStart(6),
    f.runS.toFixed(1).padStart(7),
    f.queryS.toFixed(1).padStart(7),
    f.scoreS.toFixed(1).padStart(7),
    f.alertS.toFixed(2).padStart(7),
    f.stateS.toFixed(2).padStart(7),
    String(f.peakRssMb).padStart(8),
    String(perSeries).padStart(11),
    String(f.alerts).padStart(7),
  ].join('  ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean' },
      series: { type: 'string', default: '10000' },
      points: { type: 'string', default: '1440' },
      'baseline-series': { type: 'string', default: '1000' },
      workers: { type: 'string', default: String(availableParallelism()) },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.child) {
    const [configFile, series, points, workers, nowMs] = process.argv.slice(process.argv.indexOf('--child') + 1);
    await runChild(configFile, Number(series), Number(points), Number(workers), Number(nowMs));
    return;
  }
  const series = Number(values.series);
  const points = Number(values.points);
  const baselineSeries = Number(values['baseline-series']);
  if (series % GROUPS !== 0 || baselineSeries % (series / GROUPS) !== 0) {
    throw new Error(`--series must be a multiple of ${GROUPS} and --baseline-series a multiple of series/${GROUPS}`);
  }
  await promisify(execFile)(process.execPath, [resolve(__dirname, '../scripts/build-cli.mjs')], {
    cwd: resolve(__dirname, '..'),
  });
  const tsdb = await cachedTsdb(series, points);
  const [prometheus, alertmanager, pushgateway] = await Promise.all([
    startBackfilledPrometheus(tsdb.dir),
    startAlertmanager(),
    startPushgateway(),
  ]);
  try {
    const urls = { prometheus: prometheus.url, alertmanager: alertmanager.url, pushgateway: pushgateway.url };
    const workers = Number(values.workers);
    const perGroup = series / GROUPS;
    const scaled = [baselineSeries, 3 * baselineSeries].filter((count) => count < series);
    const pairs = [];
    for (const count of scaled) {
      pairs.push(await measure(urls, count, points, count / perGroup, workers));
    }
    const { cold: full, steady } = await measure(urls, series, points, GROUPS, workers);
    pairs.push({ cold: full, steady });
    const baseline = pairs[0].cold;
    const fit = linearFit(
      pairs.map((pair) => pair.steady.series),
      pairs.map((pair) => pair.steady.runS)
    );
    const week = weekOfState(points);
    const newSamples = series * 5;
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          cli_series: full.series,
          cli_points_per_series: full.points,
          cli_run_s: full.runS,
          cli_query_s: full.queryS,
          cli_score_s: full.scoreS,
          cli_alert_s: full.alertS,
          cli_state_s: Math.round(full.stateS * 1000) / 1000,
          cli_anomalies: full.anomalies,
          cli_alerts: full.alerts,
          cli_peak_rss_mb: full.peakRssMb,
          cli_state_dir_bytes_per_series: Math.round(steady.stateBytes / steady.series),
          cli_state_bytes_per_series: week.bytesPerSeries.default.day7,
          cli_state_bytes_per_series_day1: week.bytesPerSeries.default.day1,
          cli_state_bytes_per_series_by_kind: week.bytesPerSeries,
          cli_steady_run_s: steady.runS,
          cli_steady_query_s: steady.queryS,
          cli_steady_score_s: steady.scoreS,
          cli_steady_peak_rss_mb: steady.peakRssMb,
          cli_steady_samples_read: steady.samplesRead,
          cli_steady_new_samples: newSamples,
          cli_cold_samples_read: full.samplesRead,
          cli_scaling: {
            series: pairs.map((pair) => pair.steady.series),
            steady_run_s: pairs.map((pair) => pair.steady.runS),
            steady_peak_rss_mb: pairs.map((pair) => pair.steady.peakRssMb),
            fixed_s: round3(fit.intercept),
            per_series_ms: round3(fit.slope * 1000),
          },
          cli_baseline_series: baseline.series,
          cli_baseline_run_s: baseline.runS,
          cli_backfill_s: tsdb.backfillS ?? null,
          cli_workers: Number(values.workers),
        })}\n`
      );
      return;
    }
    const header = [
      'run'.padEnd(10),
      'series',
      'points',
      'total s',
      'query s',
      'score s',
      'alert s',
      'state s',
      'peak MB',
      'state B/ser',
      'alerts',
    ];
    process.stdout.write(
      `vigil detect bench: ${points} points per series at 1m, default detector, ${values.workers} scoring worker(s), real Prometheus/Alertmanager/Pushgateway` +
        `${tsdb.backfillS !== undefined ? `; backfill took ${tsdb.backfillS.toFixed(1)} s (cached now)` : ' (TSDB from cache)'}\n\n` +
        `${header.join('  ')}\n` +
        pairs.map((pair) => `${row('cold', pair.cold)}\n${row('steady', pair.steady)}\n`).join('') +
        `\nsteady run of ${series} series: read ${steady.samplesRead} samples for ${newSamples} new (target <= 3x), ` +
        `${steady.runS.toFixed(1)} s (target <= 6 s); fitted ${fit.intercept.toFixed(2)} s + ${(fit.slope * 1000).toFixed(3)} ms/series\n` +
        `state per series after a simulated week (day 1 -> day 7, B): ` +
        `${Object.entries(week.bytesPerSeries)
          .map(([kind, size]) => `${kind} ${size.day1} -> ${size.day7}`)
          .join(', ')} (target <= 16384, not growing)\n` +
        `targets for ${series} series: cold total <= 60 s, peak <= 1024 MB\n`
    );
  } finally {
    await Promise.all([prometheus.stop(), alertmanager.stop(), pushgateway.stop()]);
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Least squares y = intercept + slope x. */
function linearFit(xs: number[], ys: number[]): { intercept: number; slope: number } {
  const n = xs.length;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    covariance += (xs[i] - meanX) * (ys[i] - meanY);
    variance += (xs[i] - meanX) ** 2;
  }
  const slope = variance > 0 ? covariance / variance : 0;
  return { intercept: meanY - slope * meanX, slope };
}

/**
 * One bench series run through a week of 5-minute runs' worth of minutes: fitted on `points` minutes, then
 * each day scored in 5-minute runs and restored from JSON between days. The size of its state line (as
 * the CLI stores it) after day 1 and day 7, per model kind.
 */
function weekOfState(points: number): { bytesPerSeries: Record<string, { day1: number; day7: number }> } {
  const bytesPerSeries: Record<string, { day1: number; day7: number }> = {};
  const minutes = points + 7 * 1440;
  const timestamps = Float64Array.from({ length: minutes }, (_, m) => END_MS + (m - points) * MINUTE);
  // Series 8 has no planted spike; values as backfilled (three decimals).
  const values = Float64Array.from({ length: minutes }, (_, m) => Number(value(8, m).toFixed(3)));
  const labels = { __name__: METRIC, group: '8', instance: instance(8), job: 'vigil-bench' };
  for (const kind of ['default', 'isolation_forest', 'half_space_trees', 'seasonal_baseline'] as const) {
    const spec = parseDetectorSpec({
      id: 'bench',
      name: 'Bench',
      query: METRIC,
      step: '1m',
      trainingWindow: `${points - 60}m`,
      scoringWindow: '60m',
      model: { kind, params: {} },
    });
    let detector = createDetector(spec);
    detector.fit({ labels, timestamps: timestamps.slice(0, points), values: values.slice(0, points) });
    const sizes: number[] = [];
    for (let day = 0; day < 7; day++) {
      for (let from = points + day * 1440; from < points + (day + 1) * 1440; from += 5) {
        detector.score({ labels, timestamps: timestamps.slice(from, from + 5), values: values.slice(from, from + 5) });
      }
      const model = detector.toState();
      const line = JSON.stringify({
        key: seriesKey(labels),
        fittedAtMs: END_MS,
        lastTimestampMs: timestamps[points + (day + 1) * 1440 - 1],
        anomaliesSinceFit: 0,
        model,
      });
      sizes.push(Buffer.byteLength(line) + 1);
      detector = restoreDetector(spec, model);
    }
    bytesPerSeries[kind] = { day1: sizes[0], day7: sizes[6] };
  }
  return { bytesPerSeries };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:cli: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
