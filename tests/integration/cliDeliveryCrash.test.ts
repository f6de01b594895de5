import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Series } from '../../src/engine/series';
import { loadConfig } from '../../src/cli/config/loadConfig';
import { createRunClients } from '../../src/cli/run/clients';
import { detectRun } from '../../src/cli/run/detectRun';
import { engineAdapter } from '../../src/cli/run/engineAdapter';
import { type ServerHandle, startAlertmanager, startPrometheus } from '../stack';
import { signal } from '../stack/liveProcesses';
import { writeConfigFile } from './configFile';
import { buildCliForFile } from './deployCliBuild';
import { runVigil } from './runVigil';

const cli = buildCliForFile('vigil-delivery-crash-');

const MINUTE = 60_000;
let T0: number;

/** 16 hours of a regular load, at 400 from T0-6m to T0-2m: the spike ends before T0, so no later step sees it. */
function history(): Series {
  const points = 16 * 60 + 1;
  const timestamps = new Float64Array(points);
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const t = T0 - (points - 1 - i) * MINUTE;
    timestamps[i] = t;
    values[i] =
      t >= T0 - 6 * MINUTE && t < T0 - 2 * MINUTE ? 400 : 50 + 10 * Math.sin((2 * Math.PI * t) / (3 * 60 * MINUTE));
  }
  return { labels: { __name__: 'vigil_crash_test_load', instance: 'planted', job: 'crash-test' }, timestamps, values };
}

let prometheus: ServerHandle;
/** Stopped with SIGSTOP: it accepts connections (the kernel does) and never answers, like an overloaded one. */
let frozen: ServerHandle;
let alertmanager: ServerHandle;

beforeAll(async () => {
  T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
  [prometheus, frozen, alertmanager] = await Promise.all([
    startPrometheus({ history: [history()] }),
    startAlertmanager(),
    startAlertmanager(),
  ]);
  signal(frozen.pid, 'SIGSTOP');
}, 120_000);

afterAll(async () => {
  if (frozen) {
    signal(frozen.pid, 'SIGCONT');
  }
  await Promise.all([prometheus, frozen, alertmanager].filter(Boolean).map((server) => server.stop()));
});

function writeConfig(dir: string, detector: string, alertmanagerUrl: string): string {
  return writeConfigFile(dir, {
    prometheus_url: prometheus.url,
    alertmanager_url: alertmanagerUrl,
    model_path: join(dir, 'state'),
    min_points: 120,
    detectors: [
      {
        id: detector,
        name: 'Crash test',
        query: 'vigil_crash_test_load',
        step: '1m',
        trainingWindow: '12h',
        scoringWindow: '30m',
      },
    ],
  });
}

/** Resolves with the log lines (stderr) `vigil` wrote up to the first that `until` accepts. */
function logsUntil(child: ChildProcess, until: (line: Record<string, unknown>) => boolean) {
  return new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
    const lines: Array<Record<string, unknown>> = [];
    let buffered = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const text of complete) {
        lines.push(JSON.parse(text) as Record<string, unknown>);
        if (until(lines[lines.length - 1])) {
          resolve(lines);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`vigil exited (${code}) first: ${JSON.stringify(lines)}`)));
  });
}

async function amAlerts(detector: string): Promise<Array<{ status: { state: string }; startsAt: string }>> {
  const filter = new URLSearchParams({ filter: `vigil_detector="${detector}"` });
  return (await fetch(`${alertmanager.url}/api/v2/alerts?${filter}`)).json();
}

describe('vigil detect killed while it delivers', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'leaves the alert it fired to the next run, which delivers it (%s)',
    async (killSignal) => {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
      const detector = `crash-${killSignal.toLowerCase()}`;
      // Models fitted before the spike (in this process, at a time of the test's choosing).
      const fitted = loadConfig(writeConfig(dir, detector, alertmanager.url), { env: {} });
      const first = await detectRun({
        config: fitted,
        shard: { index: 0, count: 1 },
        log: pino({ level: 'silent' }),
        engine: engineAdapter,
        clients: createRunClients(fitted),
        nowMs: T0 - 10 * MINUTE,
      });
      expect(first.detectors[0]).toMatchObject({ ok: true, refitted: 1 });

      const child = spawn(process.execPath, [cli(), 'detect', '--config', writeConfig(dir, detector, frozen.url)], {
        env: { ...process.env, VIGIL_WORKERS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const lines = await logsUntil(child, (line) => line.msg === 'detector scored');
      expect(lines.some((line) => line.event === 'fired')).toBe(true);
      // Delivery to the frozen Alertmanager waits up to 10 s an attempt; the run is in it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(child.exitCode).toBeNull();
      child.kill(killSignal);
      await exited;
      expect(await amAlerts(detector)).toEqual([]);

      const next = await runVigil(cli(), ['detect', '--config', writeConfig(dir, detector, alertmanager.url)], {
        env: { ...process.env, VIGIL_WORKERS: '1' },
      });
      expect(next.code).toBe(0);
      const [alert] = await amAlerts(detector);
      expect(alert?.status.state).toBe('active');
      expect(Date.parse(alert.startsAt)).toBe(T0 - 6 * MINUTE);
    },
    120_000
  );
});
