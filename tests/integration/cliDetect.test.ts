import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Series } from '../../src/engine/series';
import { loadConfig } from '../../src/cli/config/loadConfig';
import { createRunClients } from '../../src/cli/run/clients';
import { detectRun, type RunReport } from '../../src/cli/run/detectRun';
import { engineAdapter } from '../../src/cli/run/engineAdapter';
import { StateLockedError } from '../../src/cli/state/stateLock';
import { type ServerHandle, startAlertmanager, startPrometheus, startPushgateway } from '../stack';
import { freeLoopbackPort } from '../stack/freePort';
import { writeConfigFile } from './configFile';

const MINUTE = 60_000;
/** The history ends at the test's "now" (whole minute), so Alertmanager's real clock agrees with the runs'. */
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
const HISTORY_MINUTES = 16 * 60;

/** Relative to T0, so the series are the same whenever the test runs (on absolute time, some minutes of the day
 * made the seasonal baseline flag a point of `calm`). */
function shape(t: number, phase: number): number {
  const since = t - T0;
  return 50 + 10 * Math.sin((2 * Math.PI * since) / (3 * 60 * MINUTE) + phase) + 1.5 * Math.sin(since / 7_919);
}

/** Regular series; `planted` decides which minutes are anomalous (value far above the normal range). */
function series(instance: string, phase: number, planted: (t: number) => boolean): Series {
  const points = HISTORY_MINUTES + 1;
  const timestamps = new Float64Array(points);
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const t = T0 - (points - 1 - i) * MINUTE;
    timestamps[i] = t;
    values[i] = planted(t) ? 400 : shape(t, phase);
  }
  return { labels: { __name__: 'vigil_cli_test_load', instance, job: 'cli-test' }, timestamps, values };
}

const spikeFrom = T0 - 30 * MINUTE;
const inSpike = (t: number) => t >= spikeFrom && t < spikeFrom + 4 * MINUTE;
const flapFrom = T0 - 60 * MINUTE;
/** From T0-60m to T0-24m, `up` minutes anomalous out of every `period`. */
const repeating = (up: number, period: number) => (t: number) =>
  t >= flapFrom && t < T0 - 24 * MINUTE && (t - flapFrom) % (period * MINUTE) < up * MINUTE;
/** 2 minutes up, 10 down: each burst is its own episode (ten normal points end one), four changes within 30 minutes. */
const inFlap = repeating(2, 12);
/** 3 minutes up, 3 down: the flags blink within one episode (at most three normal points apart). */
const inBlink = repeating(3, 6);

/** A raw request counter at about 10 a second, at 100 a second for the planted minutes. */
function requestCounter(): Series {
  const points = HISTORY_MINUTES + 1;
  const timestamps = new Float64Array(points);
  const values = new Float64Array(points);
  let count = 0;
  for (let i = 0; i < points; i++) {
    timestamps[i] = T0 - (points - 1 - i) * MINUTE;
    count += inSpike(timestamps[i]) ? 6000 : Math.round(600 + 30 * Math.sin(i / 7));
    values[i] = count;
  }
  return {
    labels: { __name__: 'vigil_cli_test_requests_total', instance: 'planted', job: 'cli-test' },
    timestamps,
    values,
  };
}

const HISTORY = [
  series('planted', 0, inSpike),
  series('calm', 1, () => false),
  series('flappy', 2, inFlap),
  series('blinking', 3, inBlink),
  requestCounter(),
];

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freeLoopbackPort()}`;
}

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

async function amAlerts(alertmanagerUrl: string, instance: string): Promise<AmAlert[]> {
  const response = await fetch(
    `${alertmanagerUrl}/api/v2/alerts?${new URLSearchParams({ filter: `instance="${instance}"` })}`
  );
  return (await response.json()) as AmAlert[];
}

let prometheus: ServerHandle;
let alertmanager: ServerHandle;
let pushgateway: ServerHandle;

beforeAll(async () => {
  [prometheus, alertmanager, pushgateway] = await Promise.all([
    startPrometheus({ history: HISTORY }),
    startAlertmanager(),
    startPushgateway(),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([prometheus, alertmanager, pushgateway].filter(Boolean).map((server) => server.stop()));
});

const LOAD_DETECTOR = {
  id: 'load',
  name: 'Load',
  query: 'vigil_cli_test_load',
  step: '1m',
  trainingWindow: '12h',
  scoringWindow: '30m',
  // The lifecycle is under test here, not the model: the seasonal baseline flags every planted point.
  model: { kind: 'seasonal_baseline' },
  alert: { severity: 'critical', labels: { team: 'sre' }, flapping: { maxChanges: 3, windowMinutes: 30 } },
};

function writeConfig(dir: string, overrides: Record<string, unknown> = {}): string {
  return writeConfigFile(dir, {
    prometheus_url: prometheus.url,
    alertmanager_url: alertmanager.url,
    pushgateway_url: pushgateway.url,
    model_path: join(dir, 'state'),
    run_interval_seconds: 1500,
    min_points: 120,
    query_timeout_seconds: 2,
    grafana_url: 'https://grafana.example',
    detectors: [LOAD_DETECTOR],
    ...overrides,
  });
}

/** The saved alert state (alerts.json): its entries' detectors and its watermarks' detectors. */
function alertStateDetectors(dir: string): { entries: string[]; watermarks: string[] } {
  const { data } = JSON.parse(readFileSync(join(dir, 'state', 'alerts.json'), 'utf8')) as {
    data: { entries: Record<string, { detector: string }>; watermarks: Record<string, number> };
  };
  return {
    entries: [...new Set(Object.values(data.entries).map((entry) => entry.detector))],
    watermarks: Object.keys(data.watermarks),
  };
}

async function run(
  file: string,
  nowMs: number,
  log = capturingLogger().log,
  shard = { index: 0, count: 1 }
): Promise<RunReport> {
  const config = loadConfig(file, { env: {} });
  return detectRun({
    config,
    shard,
    log,
    engine: engineAdapter,
    clients: createRunClients(config),
    nowMs,
  });
}

function stateSnapshot(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const walk = (path: string) => {
    for (const name of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, name.name);
      if (name.isDirectory()) {
        walk(full);
      } else {
        snapshot[full] = readFileSync(full, 'utf8');
      }
    }
  };
  walk(dir);
  return snapshot;
}

describe('vigil detect against real Prometheus and Alertmanager', () => {
  it('fires an alert for a planted anomaly with the contract labels and annotations, then resolves it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const file = writeConfig(dir);

    const firing = await run(file, spikeFrom + 2 * MINUTE);
    expect(firing.exitCode).toBe(0);
    expect(firing.detectors[0]).toMatchObject({ ok: true, seriesScored: 4, refitted: 4 });
    expect(
      firing.events.filter((event) => event.kind === 'fired').map((event) => event.seriesLabels.instance)
    ).toContain('planted');
    expect(firing.events.some((event) => event.kind === 'fired' && event.seriesLabels.instance === 'calm')).toBe(false);

    const [alert] = await amAlerts(alertmanager.url, 'planted');
    expect(alert.status.state).toBe('active');
    expect(alert.labels).toEqual({
      alertname: 'VigilAnomaly',
      vigil_detector: 'load',
      severity: 'critical',
      team: 'sre',
      instance: 'planted',
      job: 'cli-test',
      metric: 'vigil_cli_test_load',
    });
    expect(alert.annotations.summary).toContain('Load: vigil_cli_test_load{instance="planted", job="cli-test"} is 400');
    expect(Number(alert.annotations.score)).toBeGreaterThan(0.5);
    expect(alert.annotations.value).toBe('400');
    expect(alert.annotations).toMatchObject({ episode_start: new Date(spikeFrom).toISOString(), peak_value: '400' });
    expect(alert.annotations.vigil_url).toContain('https://grafana.example/a/vigil-anomaly-app/detectors/load');
    expect(Date.parse(alert.startsAt)).toBe(spikeFrom);
    expect(await amAlerts(alertmanager.url, 'calm')).toEqual([]);

    const cleared = await run(file, T0);
    expect(cleared.exitCode).toBe(0);
    expect(cleared.detectors[0]).toMatchObject({ restored: 4, refitted: 0 });
    expect(
      cleared.events.filter((event) => event.kind === 'resolved').map((event) => event.seriesLabels.instance)
    ).toContain('planted');
    expect(await amAlerts(alertmanager.url, 'planted')).toEqual([]);
  }, 120_000);

  it('describes a counter (counter: true) by the per-second rate it scored, not by its raw count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const detector = {
      id: 'requests',
      name: 'Requests',
      query: 'vigil_cli_test_requests_total',
      counter: true,
      step: '1m',
      trainingWindow: '12h',
      scoringWindow: '30m',
    };
    const firing = await run(writeConfig(dir, { detectors: [detector] }), spikeFrom + 2 * MINUTE);
    expect(firing.exitCode).toBe(0);
    const [alert] = await amAlerts(alertmanager.url, 'planted').then((alerts) =>
      alerts.filter((one) => one.labels.vigil_detector === 'requests')
    );
    expect(alert.annotations.summary).toMatch(
      /^Requests: vigil_cli_test_requests_total\{instance="planted", job="cli-test"\} is 100\/s outside the expected [\d.]+\/s\.\.[\d.]+\/s /
    );
    expect(alert.annotations).toMatchObject({ value: '100', peak_value: '100' });
    // The latest point's, the spike's third minute: a rate of about 10 a second, not the count (some 600,000). At
    // some minutes of the day the profile's slot has by then learned the spike's first rows (up to 18.7 seen).
    expect(Number(alert.annotations.expected)).toBeGreaterThan(9);
    expect(Number(alert.annotations.expected)).toBeLessThan(50);
  }, 120_000);

  it('holds a flapping series instead of firing and resolving on every change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const file = writeConfig(dir);
    const reports: RunReport[] = [];
    // One run every three minutes through the flapping period: each run sees the signal change.
    for (let now = flapFrom + 3 * MINUTE; now <= T0 - 24 * MINUTE; now += 3 * MINUTE) {
      reports.push(await run(file, now));
    }
    const flappy = reports.flatMap((report) =>
      report.events.filter((event) => event.seriesLabels.instance === 'flappy')
    );
    const transitions = flappy.filter((event) => event.kind === 'fired' || event.kind === 'resolved');
    expect(reports.every((report) => report.exitCode === 0)).toBe(true);
    expect(flappy.some((event) => event.kind === 'flapping')).toBe(true);
    // Three episodes, but the lifecycle allows at most maxChanges (3) changes before holding the state.
    expect(transitions.length).toBeLessThanOrEqual(3);
    for (const alert of await amAlerts(alertmanager.url, 'flappy')) {
      expect(alert.annotations.flapping).toBe('true');
    }

    // Twelve changes of the flag, all within one episode: one alert, fired once, never resolved or held meanwhile.
    const blinking = reports.flatMap((report) =>
      report.events.filter((event) => event.seriesLabels.instance === 'blinking')
    );
    expect(blinking.map((event) => event.kind)).toEqual(['fired']);
    const [one] = await amAlerts(alertmanager.url, 'blinking');
    expect(one.status.state).toBe('active');
    expect(Date.parse(one.startsAt)).toBe(flapFrom);
    expect(one.annotations).not.toHaveProperty('flapping');

    // Ten normal points after its last flag (T0-28m) the episode is over: resolved where the series was back.
    const over = await run(file, T0 - 18 * MINUTE);
    expect(
      over.events.filter((event) => event.seriesLabels.instance === 'blinking').map((event) => event.kind)
    ).toEqual(['resolved']);
    expect(await amAlerts(alertmanager.url, 'blinking')).toEqual([]);
  }, 180_000);

  it('keeps undelivered alerts in the outbox when Alertmanager is down (exit 1) and delivers them exactly once next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const down = writeConfig(dir, { alertmanager_url: await closedPortUrl() });
    const failed = await run(down, spikeFrom + 2 * MINUTE);
    expect(failed.exitCode).toBe(1);
    expect(failed.errors.join('\n')).toMatch(/alert delivery \(alertmanager\)/);
    const queued = JSON.parse(readFileSync(join(dir, 'state', 'outbox.json'), 'utf8')) as {
      data: { entries: Array<{ alert: { labels: Record<string, string>; startsAt: string } }> };
    };
    const queuedPlanted = queued.data.entries.filter((entry) => entry.alert.labels.instance === 'planted');
    expect(queuedPlanted).toHaveLength(1);

    // Alertmanager is back: the queued alert goes out before this run's own alerts, and only once.
    const otherAm = await startAlertmanager();
    try {
      const up = writeConfig(dir, { alertmanager_url: otherAm.url });
      const delivered = await run(up, spikeFrom + 3 * MINUTE);
      expect(delivered.exitCode).toBe(0);
      expect(delivered.outboxSize).toBe(0);
      const alerts = await amAlerts(otherAm.url, 'planted');
      expect(alerts).toHaveLength(1);
      expect(alerts[0].startsAt).toBe(queuedPlanted[0].alert.startsAt);
      const outbox = JSON.parse(readFileSync(join(dir, 'state', 'outbox.json'), 'utf8')) as {
        data: { entries: unknown[] };
      };
      expect(outbox.data.entries).toEqual([]);
    } finally {
      await otherAm.stop();
    }
  }, 120_000);

  it('delivers a queued alert as firing when Alertmanager is back, even if the anomaly has resolved meanwhile; the resolve follows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    expect(
      (await run(writeConfig(dir, { alertmanager_url: await closedPortUrl() }), spikeFrom + 2 * MINUTE)).exitCode
    ).toBe(1);

    const otherAm = await startAlertmanager();
    try {
      const up = writeConfig(dir, { alertmanager_url: otherAm.url });
      // The spike's last flag is at spikeFrom + 3m, so its episode is over at + 13m: this run resolves it, but
      // Alertmanager has never seen it firing.
      const back = await run(up, spikeFrom + 14 * MINUTE);
      expect(back.exitCode).toBe(0);
      expect(back.events.some((event) => event.kind === 'resolved' && event.seriesLabels.instance === 'planted')).toBe(
        true
      );
      const [alert] = await amAlerts(otherAm.url, 'planted');
      expect(alert?.status.state).toBe('active');
      expect(Date.parse(alert.startsAt)).toBe(spikeFrom);
      expect(alert.annotations.value).toBe('400');

      const next = await run(up, spikeFrom + 16 * MINUTE);
      expect(next.exitCode).toBe(0);
      expect(next.outboxSize).toBe(0);
      expect(await amAlerts(otherAm.url, 'planted')).toEqual([]);
    } finally {
      await otherAm.stop();
    }
  }, 120_000);

  it('delivers a queued alert as firing when Alertmanager was away for longer than its endsAt; the resolve follows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    // Runs every minute: a firing alert is sent with endsAt 15 minutes ahead.
    const down = writeConfig(dir, { alertmanager_url: await closedPortUrl(), run_interval_seconds: 60 });
    expect((await run(down, spikeFrom + 2 * MINUTE)).exitCode).toBe(1);

    const otherAm = await startAlertmanager();
    try {
      const up = writeConfig(dir, { alertmanager_url: otherAm.url, run_interval_seconds: 60 });
      // 28 minutes later: the queued alert's endsAt (spikeFrom + 17m) has passed, and this run resolves the episode.
      const { log, lines } = capturingLogger();
      const back = await run(up, T0, log);
      expect(back.exitCode).toBe(0);
      expect(back.delivery.late.map((alert) => alert.labels.instance)).toContain('planted');
      expect(lines.some((line) => line.level === 40 && String(line.msg).includes('were sent as firing now'))).toBe(
        true
      );
      const [alert] = await amAlerts(otherAm.url, 'planted');
      expect(alert?.status.state).toBe('active');
      expect(Date.parse(alert.startsAt)).toBe(spikeFrom);
      expect(Date.parse(alert.endsAt)).toBe(T0 + 15 * MINUTE);

      const next = await run(up, T0 + MINUTE);
      expect(next.exitCode).toBe(0);
      expect(next.outboxSize).toBe(0);
      expect(await amAlerts(otherAm.url, 'planted')).toEqual([]);
    } finally {
      await otherAm.stop();
    }
  }, 120_000);

  it('delivers the alerts queued by runs of another shard layout (the Job parallelism changed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const down = writeConfig(dir, { alertmanager_url: await closedPortUrl() });
    for (const index of [0, 1]) {
      await run(down, spikeFrom + 2 * MINUTE, capturingLogger().log, { index, count: 2 });
    }
    const sharded = readdirSync(join(dir, 'state')).filter((name) => /^outbox\.shard-\d-of-2\.json$/.test(name));
    expect(sharded).toHaveLength(2);

    const otherAm = await startAlertmanager();
    try {
      // Unsharded now, after the spike: this layout's own lifecycle only sees an episode that is over.
      const { log, lines } = capturingLogger();
      const report = await run(writeConfig(dir, { alertmanager_url: otherAm.url }), spikeFrom + 14 * MINUTE, log);
      expect(report.exitCode).toBe(0);
      expect(
        lines.filter((line) => line.msg === 'adopted the undelivered alerts of another shard layout').length
      ).toBeGreaterThan(0);
      const [alert] = await amAlerts(otherAm.url, 'planted');
      expect(alert?.status.state).toBe('active');
      expect(Date.parse(alert.startsAt)).toBe(spikeFrom);
      expect(readdirSync(join(dir, 'state')).filter((name) => name.startsWith('outbox.shard-'))).toEqual([]);
    } finally {
      await otherAm.stop();
    }
  }, 120_000);

  it('resolves an alert fired under another shard layout when the new layout finds the anomaly over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const otherAm = await startAlertmanager();
    try {
      const sharded = writeConfig(dir, { alertmanager_url: otherAm.url });
      for (const index of [0, 1]) {
        expect((await run(sharded, spikeFrom + 2 * MINUTE, capturingLogger().log, { index, count: 2 })).exitCode).toBe(
          0
        );
      }
      expect((await amAlerts(otherAm.url, 'planted')).map((alert) => alert.status.state)).toEqual(['active']);

      // Unsharded now, with a scoring window that starts after the spike: only the adopted lifecycle knows of it.
      const { log, lines } = capturingLogger();
      const unsharded = writeConfig(dir, {
        alertmanager_url: otherAm.url,
        run_interval_seconds: 60,
        detectors: [{ ...LOAD_DETECTOR, scoringWindow: '10m' }],
      });
      const report = await run(unsharded, T0 - 5 * MINUTE, log);
      expect(report.exitCode).toBe(0);
      expect(
        report.events.filter((event) => event.seriesLabels.instance === 'planted').map((event) => event.kind)
      ).toEqual(['resolved']);
      expect(await amAlerts(otherAm.url, 'planted')).toEqual([]);
      expect(readdirSync(join(dir, 'state')).filter((name) => name.startsWith('alerts.shard-'))).toEqual([]);
      expect(lines.some((line) => line.msg === 'adopted the alert lifecycles of another shard layout')).toBe(true);
    } finally {
      await otherAm.stop();
    }
  }, 120_000);

  it("resolves a removed detector's firing alerts and forgets it, but keeps the alerts of a detector whose run failed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const otherAm = await startAlertmanager();
    try {
      const withId = (id: string, overrides: Record<string, unknown> = {}) =>
        writeConfig(dir, { alertmanager_url: otherAm.url, detectors: [{ ...LOAD_DETECTOR, id }], ...overrides });
      const firingDetectors = async () =>
        (await amAlerts(otherAm.url, 'planted')).map((alert) => `${alert.labels.vigil_detector} ${alert.status.state}`);
      expect((await run(withId('load'), spikeFrom + 2 * MINUTE)).exitCode).toBe(0);
      expect(await firingDetectors()).toEqual(['load active']);

      // Prometheus is down: the detector is still configured, so its alerts stay as they are.
      const down = await run(withId('load', { prometheus_url: await closedPortUrl() }), spikeFrom + 3 * MINUTE);
      expect(down.exitCode).toBe(1);
      expect(await firingDetectors()).toEqual(['load active']);
      expect(alertStateDetectors(dir).entries).toEqual(['load']);

      const { log, lines } = capturingLogger();
      const renamed = await run(withId('load-renamed'), spikeFrom + 4 * MINUTE, log);
      expect(renamed.exitCode).toBe(0);
      expect(await firingDetectors()).toEqual(['load-renamed active']);
      const retired = lines.filter((line) => String(line.msg).startsWith('detector no longer configured'));
      expect(retired).toEqual([expect.objectContaining({ level: 30, detector: 'load', resolved: expect.any(Number) })]);
      expect(retired[0].resolved).toBeGreaterThanOrEqual(1);
      expect(alertStateDetectors(dir)).toEqual({ entries: ['load-renamed'], watermarks: ['load-renamed'] });
    } finally {
      await otherAm.stop();
    }
  }, 120_000);

  it('lets only one of two concurrent runs on one state directory work; the other exits 1 naming the holder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const down = writeConfig(dir, { alertmanager_url: await closedPortUrl() });
    const results = await Promise.allSettled([run(down, spikeFrom + 2 * MINUTE), run(down, spikeFrom + 2 * MINUTE)]);
    const refused = results.filter((result) => result.status === 'rejected');
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason as StateLockedError;
    expect(error).toBeInstanceOf(StateLockedError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(
      new RegExp(`^state directory ${join(dir, 'state')} is in use by another vigil run \\(pid ${process.pid} `)
    );
    // The run that worked queued its alert; nothing was overwritten by the refused one, and the lock is gone.
    const queued = JSON.parse(readFileSync(join(dir, 'state', 'outbox.json'), 'utf8')) as {
      data: { entries: unknown[] };
    };
    expect(queued.data.entries.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'state', 'vigil.lock'))).toBe(false);
  }, 120_000);

  it('fails clearly when Prometheus is down or too slow, exits 1 and leaves the state untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const file = writeConfig(dir);
    expect((await run(file, T0 - 25 * MINUTE)).exitCode).toBe(0);
    const before = stateSnapshot(join(dir, 'state'));

    const down = writeConfig(dir, { prometheus_url: await closedPortUrl() });
    const { log, lines } = capturingLogger();
    const report = await run(down, T0, log);
    expect(report.exitCode).toBe(1);
    expect(report.errors[0]).toMatch(/^detector load: .*Prometheus query_range/);
    expect(lines.some((line) => line.level === 50 && line.detector === 'load')).toBe(true);
    expect(stateSnapshot(join(dir, 'state'))).toEqual(before);

    // A server that accepts connections and never answers: the per-attempt timeout ends each try.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = writeConfig(dir, {
        prometheus_url: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
        query_timeout_seconds: 0.5,
      });
      const slowReport = await run(slow, T0);
      expect(slowReport.exitCode).toBe(1);
      expect(slowReport.errors[0]).toMatch(/^detector load: Prometheus query_range .*no response within 500 ms/);
      expect(stateSnapshot(join(dir, 'state'))).toEqual(before);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 120_000);

  it('warns about a corrupt state file, sets it aside and refits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const file = writeConfig(dir);
    expect((await run(file, T0 - 25 * MINUTE)).exitCode).toBe(0);
    const detectorFile = join(dir, 'state', 'detectors', 'load.jsonl');
    writeFileSync(detectorFile, '{"version":2,"kind":"detector","detectorId":');
    const { log, lines } = capturingLogger();
    const report = await run(file, T0, log);
    expect(report.exitCode).toBe(0);
    expect(report.detectors[0]).toMatchObject({ refitted: 4, restored: 0 });
    expect(lines.some((line) => line.level === 40 && String(line.msg).includes('models will be refitted'))).toBe(true);
    expect(readdirSync(join(dir, 'state', 'detectors')).some((name) => name.startsWith('load.jsonl.corrupt-'))).toBe(
      true
    );
    expect(existsSync(detectorFile)).toBe(true);
    // A header line, then one line per series.
    expect(readFileSync(detectorFile, 'utf8').trimEnd().split('\n')).toHaveLength(5);
  }, 120_000);

  it('pushes run metrics to the Pushgateway grouped by detector and shard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const report = await run(writeConfig(dir), T0);
    expect(report.exitCode).toBe(0);
    const text = await (await fetch(`${pushgateway.url}/metrics`)).text();
    expect(text).toMatch(/vigil_series_scored_total\{instance="",job="vigil",shard="0",vigil_detector="load"\} 4/);
    expect(text).toMatch(
      /vigil_run_duration_seconds_count\{instance="",job="vigil",shard="0",vigil_detector="load"\} 1/
    );
    expect(text).toMatch(
      /vigil_last_run_timestamp_seconds\{instance="",job="vigil",shard="0",vigil_detector="load"\} \d/
    );
    expect(text).toMatch(/vigil_run_errors_total\{instance="",job="vigil",shard="0",vigil_detector="load"\} 0/);
    expect(text).toMatch(/\nvigil_outbox_alerts\{instance="",job="vigil",shard="0"\} 0\n/);
  }, 120_000);

  it('deletes the Pushgateway groups of shards the layout no longer has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const shardsOf = async () =>
      new Set(
        [
          ...(await (await fetch(`${pushgateway.url}/metrics`)).text()).matchAll(
            /\nvigil_last_run_timestamp_seconds\{instance="",job="vigil",shard="(\d+)",vigil_detector="load"\}/g
          ),
        ].map((match) => match[1])
      );
    for (const index of [0, 1, 2]) {
      expect((await run(writeConfig(dir), T0, capturingLogger().log, { index, count: 3 })).exitCode).toBe(0);
    }
    expect(await shardsOf()).toEqual(new Set(['0', '1', '2']));

    // Shard 1 of 2 keeps its group; shard 0 of 2 deletes shard 2's, which no pod pushes any more.
    expect((await run(writeConfig(dir), T0 + MINUTE, capturingLogger().log, { index: 1, count: 2 })).exitCode).toBe(0);
    expect(await shardsOf()).toEqual(new Set(['0', '1', '2']));
    const { log, lines } = capturingLogger();
    expect((await run(writeConfig(dir), T0 + MINUTE, log, { index: 0, count: 2 })).exitCode).toBe(0);
    expect(await shardsOf()).toEqual(new Set(['0', '1']));
    expect(lines).toContainEqual(
      expect.objectContaining({
        group: { shard: '2', vigil_detector: 'load' },
        msg: 'deleted the Pushgateway group of a shard the layout no longer has',
      })
    );
  }, 120_000);

  it("keeps a detector's last success time in its Pushgateway group while its runs fail", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const gauge = (text: string, name: string) =>
      Number(
        new RegExp(`\n${name}\\{instance="",job="vigil",shard="0",vigil_detector="load"\\} (\\S+)\n`).exec(text)?.[1]
      );
    expect((await run(writeConfig(dir), T0)).exitCode).toBe(0);
    const succeeded = await (await fetch(`${pushgateway.url}/metrics`)).text();
    const successAt = gauge(succeeded, 'vigil_last_success_timestamp_seconds');
    expect(successAt).toBe(gauge(succeeded, 'vigil_last_run_timestamp_seconds'));

    const failed = await run(writeConfig(dir, { prometheus_url: await closedPortUrl() }), T0 + MINUTE);
    expect(failed.exitCode).toBe(1);
    const text = await (await fetch(`${pushgateway.url}/metrics`)).text();
    expect(gauge(text, 'vigil_last_success_timestamp_seconds')).toBe(successAt);
    expect(gauge(text, 'vigil_last_run_timestamp_seconds')).toBeGreaterThan(successAt);
    expect(gauge(text, 'vigil_run_errors_total')).toBe(1);
    expect(gauge(text, 'vigil_series_scored_total')).toBe(0);
  }, 120_000);

  it('warns, once a run, about a query that matches no series, whose pushed vigil_run_samples_read is 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const typo = { ...LOAD_DETECTOR, id: 'cli-test-typo', query: 'vigil_cli_test_laod' };
    const { log, lines } = capturingLogger();
    const report = await run(writeConfig(dir, { detectors: [LOAD_DETECTOR, typo] }), T0, log);
    expect(report.exitCode).toBe(0);
    expect(lines.filter((line) => line.level === 40)).toEqual([
      expect.objectContaining({
        detector: typo.id,
        query: typo.query,
        msg: 'the query matched no series: check its metric name and labels',
      }),
    ]);
    const text = await (await fetch(`${pushgateway.url}/metrics`)).text();
    expect(text).toContain(
      `\nvigil_run_samples_read{instance="",job="vigil",shard="0",vigil_detector="${typo.id}"} 0\n`
    );
  }, 120_000);

  it("deletes a removed detector's Pushgateway group, and its state file once unused for state_ttl", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const gone = { ...LOAD_DETECTOR, id: 'cli-test-removed' };
    const groupOf = async (id: string) =>
      (await (await fetch(`${pushgateway.url}/metrics`)).text())
        .split('\n')
        .filter(
          (line) => line.startsWith('vigil_last_run_timestamp_seconds{') && line.includes(`vigil_detector="${id}"`)
        );
    expect((await run(writeConfig(dir, { detectors: [LOAD_DETECTOR, gone] }), T0 - MINUTE)).exitCode).toBe(0);
    expect(await groupOf(gone.id)).toHaveLength(1);
    const goneFile = join(dir, 'state', 'detectors', `${gone.id}.jsonl`);

    const file = writeConfig(dir);
    expect((await run(file, T0)).exitCode).toBe(0);
    expect(await groupOf(gone.id)).toEqual([]);
    expect((await groupOf('load')).filter((line) => line.includes('shard="0"'))).toHaveLength(1);
    expect(existsSync(goneFile)).toBe(true);

    // Last written more than state_ttl (a day) ago: nothing in it would be restored any more.
    const dayAndMinuteAgo = (T0 - 24 * 60 * MINUTE - MINUTE) / 1000;
    utimesSync(goneFile, dayAndMinuteAgo, dayAndMinuteAgo);
    const { log, lines } = capturingLogger();
    expect((await run(file, T0 + MINUTE, log)).exitCode).toBe(0);
    expect(existsSync(goneFile)).toBe(false);
    expect(existsSync(join(dir, 'state', 'detectors', 'load.jsonl'))).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 30,
        detector: gone.id,
        msg: expect.stringMatching(/^deleted the state of a detector no longer configured/),
      })
    );
  }, 120_000);

  it('counts an undelivered alert as an error of its detector and pushes the outbox size until it is delivered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    const pushed = async () => (await fetch(`${pushgateway.url}/metrics`)).text();
    const failed = await run(writeConfig(dir, { alertmanager_url: await closedPortUrl() }), spikeFrom + 2 * MINUTE);
    expect(failed.exitCode).toBe(1);
    expect(failed.outboxSize).toBeGreaterThan(0);
    let text = await pushed();
    expect(text).toMatch(/\nvigil_run_errors_total\{instance="",job="vigil",shard="0",vigil_detector="load"\} 1\n/);
    expect(text).toContain(`\nvigil_outbox_alerts{instance="",job="vigil",shard="0"} ${failed.outboxSize}\n`);

    expect((await run(writeConfig(dir), spikeFrom + 3 * MINUTE)).exitCode).toBe(0);
    text = await pushed();
    expect(text).toMatch(/\nvigil_run_errors_total\{instance="",job="vigil",shard="0",vigil_detector="load"\} 0\n/);
    expect(text).toMatch(/\nvigil_outbox_alerts\{instance="",job="vigil",shard="0"\} 0\n/);
  }, 120_000);
});
