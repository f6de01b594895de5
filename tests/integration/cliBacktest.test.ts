import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Series } from '../../src/engine/series';
import { generateServerMetrics, type LabelledSeries } from '../../src/engine/synthetic/serverMetrics';
import { type ServerHandle, startPrometheus } from '../stack';
import { buildCliForFile } from './deployCliBuild';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const END_MS = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const LABEL_METRIC = 'vigil_label_anomaly';

/** The label series Prometheus users would record: 1 inside a labelled window, 0 elsewhere. */
function labelSeries(series: LabelledSeries): Series {
  const values = series.timestamps.map((t) =>
    series.anomalyWindows.some(([from, to]) => t >= from && t < to) ? 1 : 0
  );
  return { labels: { ...series.labels, __name__: LABEL_METRIC }, timestamps: series.timestamps, values };
}

interface BacktestJson {
  files: Array<{ name: string; rows: number; windows: number; summary: { event: { detectedWindows: number } } }>;
  totals: { files: number; windows: number; detectedWindows: number };
  nab: Array<{ profile: string; normalized: number }>;
}

const cli = buildCliForFile('vigil-backtest-cli-');
let prometheus: ServerHandle;
let history: LabelledSeries[];

beforeAll(async () => {
  history = generateServerMetrics({ endMs: END_MS, days: 3 });
  prometheus = await startPrometheus({ history: [...history, ...history.map(labelSeries)] });
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
});

function backtest(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [cli(), 'backtest', ...args],
      { timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    );
  });
}

describe('vigil backtest on a labelled Prometheus range', () => {
  it('scores every series of the query against the windows its label series marks', async () => {
    const startSeconds = String(history[0].timestamps[0] / 1000);
    const endSeconds = String(END_MS / 1000);
    const html = join(mkdtempSync(join(tmpdir(), 'vigil-backtest-')), 'report.html');
    const result = await backtest([
      '--prometheus',
      prometheus.url,
      '--query',
      `{job="vigil-demo", __name__!="${LABEL_METRIC}"}`,
      '--labels',
      LABEL_METRIC,
      '--start',
      startSeconds,
      '--end',
      endSeconds,
      '--step',
      '1m',
      '--json',
      '--html',
      html,
    ]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout) as BacktestJson;

    expect(report.files).toHaveLength(history.length);
    for (const file of report.files) {
      expect(file.rows).toBe(history[0].timestamps.length);
    }
    const plantedWindows = history.reduce((sum, series) => sum + series.anomalyWindows.length, 0);
    expect(report.totals.windows).toBe(plantedWindows);
    expect(report.totals.detectedWindows).toBeGreaterThanOrEqual(plantedWindows - 1);
    const normal = report.files.find((file) => file.name.includes('scenario="normal"'));
    expect(normal?.windows).toBe(0);
    expect(report.nab.map((profile) => profile.profile)).toEqual([
      'standard',
      'reward_low_FP_rate',
      'reward_low_FN_rate',
    ]);
    expect(readFileSync(html, 'utf8')).toContain('<svg');
  }, 120_000);

  it('names what is wrong when the label query matches nothing', async () => {
    const result = await backtest([
      '--prometheus',
      prometheus.url,
      '--query',
      'demo_cpu_utilisation',
      '--labels',
      'no_such_label_series',
      '--start',
      String(history[0].timestamps[0] / 1000),
      '--end',
      String(END_MS / 1000),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^vigil: .*no_such_label_series/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
