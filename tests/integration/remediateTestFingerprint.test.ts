import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { alertmanagerFingerprint } from '../../src/alerting';
import { type ServerHandle, startAlertmanager } from '../stack';
import { freeLoopbackPort } from '../stack/freePort';
import { buildCliForFile } from './deployCliBuild';
import { eventually, untilHealthy } from './eventually';
import { type CliResult, runVigil } from './runVigil';

const TOKEN = 'fingerprint-test-token-0123456789';
const cli = buildCliForFile('vigil-remediate-fingerprint-build-');
const dir = mkdtempSync(join(tmpdir(), 'vigil-remediate-fingerprint-'));
const config = join(dir, 'config.yaml');

interface AmAlert {
  labels: Record<string, string>;
  startsAt: string;
  fingerprint: string;
}

const state = join(dir, 'state', 'remediation', 'state.json');

let alertmanager: ServerHandle;
let receiver: ChildProcess;
let port: number;

async function post(labels: Record<string, string>, startsAt = new Date(Date.now() - 60_000)): Promise<void> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([{ labels, startsAt: startsAt.toISOString() }]),
  });
  expect(response.status).toBe(200);
}

async function alertsOf(detector: string, instance = '.*'): Promise<AmAlert[]> {
  const query = new URLSearchParams([
    ['filter', `vigil_detector="${detector}"`],
    ['filter', `instance=~"${instance}"`],
  ]);
  return (await (await fetch(`${alertmanager.url}/api/v2/alerts?${query}`)).json()) as AmAlert[];
}

/** The alert of detector amtest and this instance, as Alertmanager's API shows it, once the receiver locked it. */
async function lockedAlert(instance: string): Promise<AmAlert> {
  const [alert] = await alertsOf('amtest', instance);
  await eventually(
    async () => (existsSync(state) ? readFileSync(state, 'utf8') : ''),
    (text) => text.includes(`alert/${alert.fingerprint}`),
    20_000
  );
  return alert;
}

/** `vigil remediate test` of one alert, given as JSON in a file. */
async function remediateTest(alert: unknown): Promise<CliResult> {
  const file = join(dir, 'alert.json');
  writeFileSync(file, JSON.stringify(alert));
  return runVigil(cli(), ['remediate', 'test', '--config', config, '--alert', file], {
    env: { PATH: process.env.PATH ?? '' },
  });
}

beforeAll(async () => {
  port = await freeLoopbackPort();
  writeFileSync(
    config,
    stringify({
      model_path: join(dir, 'state'),
      remediation: { lock: 'file' },
      activities: [{ name: 'note', match: '{vigil_detector="amtest"}', action: { type: 'command', argv: ['true'] } }],
    })
  );
  alertmanager = await startAlertmanager({
    webhook: { url: `http://127.0.0.1:${port}/webhook`, bearerToken: TOKEN, repeatInterval: '1h' },
  });
  receiver = spawn(
    process.execPath,
    [cli(), 'remediate', '--config', config, '--port', String(port), '--host', '127.0.0.1'],
    { env: { PATH: process.env.PATH ?? '', VIGIL_REMEDIATE_TOKEN: TOKEN }, stdio: 'ignore' }
  );
  await untilHealthy(`http://127.0.0.1:${port}`);
}, 180_000);

afterAll(async () => {
  if (receiver?.exitCode === null) {
    const exited = new Promise((done) => receiver.once('exit', done));
    receiver.kill('SIGTERM');
    await exited;
  }
  await alertmanager?.stop();
}, 30_000);

describe("Alertmanager's fingerprint", () => {
  it('is the one alertmanagerFingerprint computes, for plain and UTF-8 labels', async () => {
    const labelSets: Array<Record<string, string>> = [
      { alertname: 'VigilAnomaly', vigil_detector: 'fp-1', instance: 'a-1' },
      { alertname: 'VigilAnomaly', vigil_detector: 'fp-2', city: 'Zürich', note: '日本 "quoted" \\ back' },
      { alertname: 'Z', vigil_detector: 'fp-3', a: 'x', b_b: 'y', B: 'z', severity: 'critical' },
    ];
    for (const labels of labelSets) {
      await post(labels);
    }
    for (const labels of labelSets) {
      const [alert] = await alertsOf(labels.vigil_detector);
      expect({ labels, fingerprint: alertmanagerFingerprint(labels) }).toEqual({
        labels,
        fingerprint: alert.fingerprint,
      });
    }
  });

  it('makes `remediate test` of a single alert see the lock the receiver holds for it', async () => {
    const labels = { alertname: 'VigilAnomaly', vigil_detector: 'amtest', instance: 'a-1' };
    await post(labels);
    const alert = await lockedAlert('a-1');
    // Without startsAt the alert is a new episode of the alert that holds the lock: the lock goes, the cooldown the
    // receiver's action started stays. Under another fingerprint neither would be found, and it would run.
    const result = await remediateTest({ labels });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^alert ${alert.fingerprint} \\(firing\\): activity note: releases the lock on alert/${alert.fingerprint} ` +
          '\\(held by an earlier episode of this alert, whose resolve was missed\\), then refused: cooldown until \\S+\\n$'
      )
    );
  }, 60_000);

  it("takes an alert copied from Alertmanager's API as the episode the receiver acted on", async () => {
    const labels = { alertname: 'VigilAnomaly', vigil_detector: 'amtest', instance: 'a-2' };
    // On a whole second, as Vigil's alerts start: the API writes "…:00.000Z", the webhook "…:00Z".
    await post(labels, new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000));
    const alert = await lockedAlert('a-2');
    expect(alert.startsAt).toMatch(/:00\.000Z$/);
    expect(await remediateTest({ labels, startsAt: alert.startsAt })).toMatchObject({
      code: 0,
      stdout: `alert ${alert.fingerprint} (firing): activity note: already acted on (redelivery)\n`,
    });
  }, 60_000);
});
