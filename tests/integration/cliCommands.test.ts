import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_END_MS, generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { type ServerHandle, stackUrls, startAlertmanager, startPrometheus, startPushgateway } from '../stack';
import { freeLoopbackPort } from '../stack/freePort';
import { buildCliForFile } from './deployCliBuild';
import { eventually } from './eventually';
import { writeConfigFile } from './configFile';
import { runVigil } from './runVigil';

const ROOT = resolve(__dirname, '../..');
const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const cli = buildCliForFile('vigil-cli-commands-build-');

/** The built CLI with `env` and the PATH only (no variable of the test run's reaches it). */
const vigil = (args: string[], env: Record<string, string> = {}) =>
  runVigil(cli(), args, { env: { PATH: process.env.PATH ?? '', ...env } });

let prometheus: ServerHandle;
let alertmanager: ServerHandle;
let pushgateway: ServerHandle;

beforeAll(async () => {
  [prometheus, alertmanager, pushgateway] = await Promise.all([
    startPrometheus({ history: generateServerMetrics({ endMs: NOW, days: 2 }) }),
    startAlertmanager(),
    startPushgateway(),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([prometheus, alertmanager, pushgateway].filter(Boolean).map((server) => server.stop()));
});

function liveConfig(dir: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    prometheus_url: prometheus.url,
    alertmanager_url: alertmanager.url,
    pushgateway_url: pushgateway.url,
    model_path: join(dir, 'state'),
    output_csv: join(dir, 'scores.csv'),
    detectors: [
      { id: 'demo', name: 'Demo', query: '{job="vigil-demo"}', step: '1m', trainingWindow: '1d', scoringWindow: '30m' },
    ],
    ...extra,
  };
}

describe('the built vigil CLI', () => {
  it("prints its version, the package's", async () => {
    const packageVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    expect(await vigil(['--version'])).toMatchObject({ code: 0, stdout: `vigil ${packageVersion}\n` });
  });

  it('makes no directory under a file: model_path there is one line and exit 2, not an internal error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-cmd-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, `prometheus_url: http://127.0.0.1:1\nmetrics: [up]\nmodel_path: ${join(file, 'state')}\n`);
    const result = await vigil(['detect', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').slice(-2)).toEqual([
      `vigil: ${join(file, 'state')}: cannot make the state directory (model_path) there: a part of the path is a file`,
      '',
    ]);
  });

  it('rejects a bad config with exit 2 and a message naming the key, file and line, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-cmd-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, `prometheus_url: http://127.0.0.1:1\nmetrics:\n  - up\ncontamination: 0.9\n`);
    const result = await vigil(['detect', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`vigil: ${file}:4: contamination: Too big: expected number to be <=0.5\n`);

    const unknownFlag = await vigil(['detect', '--confg', file]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("Unknown option '--confg'");

    const viaEnv = await vigil(['config', 'check', '--config', file], { CONTAMINATION: '0.05' });
    expect(viaEnv.code).toBe(0);
  });

  it('config check prints the effective config with secrets masked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-cmd-'));
    const file = writeConfigFile(dir, {
      prometheus_url: 'http://prom:9090',
      metrics: ['up'],
      slack_webhook_url: 'https://hooks.slack.com/services/T0/B0/TOPSECRET',
      auth: { username: 'vigil', password: 'hunter2' },
      profiles: { prod: { prometheus_url: 'http://prod-prom:9090' } },
      activities: [
        {
          name: 'page',
          match: '{severity="critical"}',
          action: { type: 'webhook', url: 'https://hooks.example.com/vigil?token=WEBHOOKSECRET' },
        },
      ],
    });
    const result = await vigil(['config', 'check', '--config', file, '--profile', 'prod']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('prometheus_url: http://prod-prom:9090');
    expect(result.stdout).toContain('slack_webhook_url: https://hooks.slack.com/****');
    expect(result.stdout).toContain('url: https://hooks.example.com/****');
    expect(result.stdout).not.toMatch(/TOPSECRET|hunter2|WEBHOOKSECRET/);
  });

  it('config check accepts a remediation-only config (activities, no detectors) and still checks what it has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-cmd-'));
    const activity = { name: 'note', match: '{vigil_detector="api"}', action: { type: 'command', argv: ['true'] } };
    const remediationOnly = writeConfigFile(dir, { remediation: { listen_port: 9465 }, activities: [activity] });
    const result = await vigil(['config', 'check', '--config', remediationOnly]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('# vigil config check: OK (0 detector(s), 1 activity)');

    const badActivity = writeConfigFile(dir, { activities: [{ ...activity, cooldown: 'soon' }] });
    expect(await vigil(['config', 'check', '--config', badActivity])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/activities\[0\]\.cooldown: must be a duration/),
    });
    const empty = writeConfigFile(dir, { model_path: dir });
    expect(await vigil(['config', 'check', '--config', empty])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('metrics: no detector configured'),
    });
    const noPrometheus = writeConfigFile(dir, { metrics: ['up'], activities: [activity] });
    expect(await vigil(['config', 'check', '--config', noPrometheus])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('prometheus_url: required'),
    });
  });

  it('detect: one run scores the series, writes output_csv, logs JSON, and splits series across shards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-cmd-'));
    const file = writeConfigFile(dir, liveConfig(dir));
    const result = await vigil(['detect', '--config', file]);
    expect(result.code).toBe(0);
    const logs = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; series?: number });
    expect(logs.find((line) => line.msg === 'detector scored')?.series).toBe(6);
    const csv = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('detector,series,timestamp,value,score,anomaly,expected,lower,upper,explanation');
    expect(csv.length - 1).toBe(6 * 30);

    const seriesOf = (text: string) =>
      new Set(
        text
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => /^[^,]+,("(?:[^"]|"")*")/.exec(line)?.[1])
      );
    const shards = await Promise.all(
      [0, 1].map(async (index) => {
        const shardDir = mkdtempSync(join(tmpdir(), 'vigil-cli-shard-'));
        const shardResult = await vigil(
          ['detect', '--config', writeConfigFile(shardDir, liveConfig(shardDir)), '--shard-count', '2'],
          { JOB_COMPLETION_INDEX: String(index) }
        );
        expect(shardResult.code).toBe(0);
        expect(existsSync(join(shardDir, 'state', 'detectors', `demo.shard-${index}-of-2.jsonl`))).toBe(true);
        return seriesOf(readFileSync(join(shardDir, 'scores.csv'), 'utf8'));
      })
    );
    expect(shards[0].size + shards[1].size).toBe(6);
    expect([...shards[0]].filter((key) => shards[1].has(key))).toEqual([]);
    expect(shards[0].size).toBeGreaterThan(0);
    expect(shards[1].size).toBeGreaterThan(0);
  }, 120_000);

  it('serve: runs on schedule, serves /metrics with per-series gauges and /healthz, stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-cmd-'));
    const port = await freeLoopbackPort();
    const config = liveConfig(dir, { run_interval_seconds: 2, pushgateway_url: undefined });
    const ahead = {
      id: 'ahead',
      name: 'Ahead',
      query: '{job="vigil-demo",scenario="spike"}',
      step: '1m',
      trainingWindow: '6h',
      forecast: { method: 'ets', horizon: '15m', level: 0.9 },
    };
    const file = writeConfigFile(dir, { ...config, detectors: [...(config.detectors as unknown[]), ahead] });
    const child: ChildProcess = spawn(
      process.execPath,
      [cli(), 'serve', '--config', file, '--port', String(port), '--host', '127.0.0.1'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      }
    );
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    try {
      const metrics = await eventually(
        // Refused until the server listens: that reads as no metrics yet.
        () =>
          fetch(`http://127.0.0.1:${port}/metrics`).then(
            (response) => response.text(),
            () => ''
          ),
        (text) => /vigil_run_duration_seconds_count\{vigil_detector="demo"\} [2-9]/.test(text),
        30_000
      );
      expect(metrics).toMatch(
        /vigil_anomaly_score\{instance="web-2",job="vigil-demo",scenario="spike",metric="demo_http_requests_per_second",vigil_detector="demo"\} [0-9.e-]+/
      );
      expect(metrics).toMatch(/vigil_expected_lower\{instance="web-1",.*vigil_detector="demo"\} /);
      expect(metrics).toMatch(/vigil_series_scored_total\{vigil_detector="demo"\} \d+/);
      expect(metrics).toContain('# TYPE vigil_run_duration_seconds histogram');
      const forecast = (name: string) =>
        Number(
          new RegExp(`${name}\\{instance="web-2",.*vigil_detector="ahead",horizon="15m"\\} ([0-9.e+-]+)`).exec(
            metrics
          )?.[1]
        );
      const [value, lower, upper] = ['value', 'lower', 'upper'].map((edge) => forecast(`vigil_forecast_${edge}`));
      expect(lower).toBeLessThan(value);
      expect(upper).toBeGreaterThan(value);
      expect(metrics).not.toMatch(/vigil_forecast_value\{[^}]*vigil_detector="demo"/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', lastExitCode: 0 });
    } finally {
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(stderr).toContain('vigil serve stopped');
  }, 120_000);

  it('report: refuses a --date that is not a calendar day in one line, exit 2', async () => {
    expect(await vigil(['report', '--date', '2026-02-31'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'vigil: report: --date must be a calendar day such as 2026-01-31, got "2026-02-31"\n',
    });
  });

  it('report: writes the daily HTML report with PNG plots from Prometheus history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-cmd-'));
    const file = writeConfigFile(dir, {
      prometheus_url: stackUrls().prometheus,
      detectors: [
        { id: 'demo', name: 'Demo', query: '{job="vigil-demo"}', step: '5m', trainingWindow: '2d' },
        { id: 'off', name: 'Off', query: 'up', enabled: false },
      ],
    });
    const day = new Date(DEMO_END_MS - 86_400_000).toISOString().slice(0, 10);
    const out = join(dir, 'report');
    const result = await vigil(['report', '--config', file, '--date', day, '--out', out, '--max-plots', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Report: ${join(out, 'index.html')}\n`);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain(`Vigil daily report ${day}`);
    expect(html).toContain('; 1 detector(s); generated');
    expect(html).toContain('demo_http_requests_per_second{instance=&quot;web-2&quot;');
    const pngs = readdirSync(out).filter((name) => name.endsWith('.png'));
    expect(pngs).toHaveLength(2);
    for (const png of pngs) {
      expect(readFileSync(join(out, png)).subarray(1, 4).toString()).toBe('PNG');
      expect(html).toContain(`src="${encodeURIComponent(png)}"`);
    }
  }, 120_000);
});
