import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freeLoopbackPort } from '../stack/freePort';
import { writeConfigFile } from './configFile';
import { buildCliForFile } from './deployCliBuild';
import { eventually, untilHealthy } from './eventually';

const TOKEN = 'remediate-stop-token-0123456789';
/** Longer than the receiver's 5 s shutdown grace: a stop that only waits for the grace cuts it short. */
const ACTION_MS = 7_000;
/** Notes its pid (one line per run), then takes ACTION_MS. */
const SLOW = `require('fs').appendFileSync(process.argv[1], process.pid + '\\n'); setTimeout(() => {}, Number(process.argv[2]))`;

const cli = buildCliForFile('vigil-remediate-stop-build-');

interface Decision {
  result: string;
  detail: string;
}

interface Receiver {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

function setUp(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `vigil-remediate-${name}-`));
  const repository = join(dir, 'record');
  execFileSync('git', ['init', '--quiet', '-b', 'main', repository]);
  const pids = join(dir, 'pids');
  const config = writeConfigFile(dir, {
    model_path: join(dir, 'state'),
    remediation: { lock: 'file', git: { repository } },
    activities: [
      {
        name: 'slow',
        match: '{vigil_detector="slow"}',
        action: { type: 'command', argv: [process.execPath, '-e', SLOW, pids, String(ACTION_MS)], timeout: '30s' },
      },
    ],
  });
  const runs = () => (existsSync(pids) ? readFileSync(pids, 'utf8').trim().split('\n').map(Number) : []);
  const recorded = () =>
    (parse(readFileSync(join(repository, 'remediations.yaml'), 'utf8')) as Array<{ outcome: string }>).map(
      (record) => record.outcome
    );
  return { dir, config, runs, recorded };
}

async function start(config: string): Promise<Receiver> {
  const port = await freeLoopbackPort();
  const child = spawn(
    process.execPath,
    [cli(), 'remediate', '--config', config, '--port', String(port), '--host', '127.0.0.1'],
    { env: { PATH: process.env.PATH ?? '', VIGIL_REMEDIATE_TOKEN: TOKEN }, stdio: ['ignore', 'ignore', 'inherit'] }
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await untilHealthy(`http://127.0.0.1:${port}`);
  return { child, port, exited };
}

function payload(fingerprint: string) {
  return {
    version: '4',
    groupKey: `{}:{fingerprint="${fingerprint}"}`,
    status: 'firing',
    receiver: 'vigil',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'VigilAnomaly', vigil_detector: 'slow', instance: fingerprint },
        startsAt: '2026-12-05T10:00:00Z',
        fingerprint,
      },
    ],
  };
}

async function send(receiver: Receiver, fingerprint: string): Promise<{ status: number; decisions: Decision[] }> {
  const response = await fetch(`http://127.0.0.1:${receiver.port}/webhook`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(payload(fingerprint)),
  });
  const body = (await response.json()) as { decisions?: Decision[] };
  return { status: response.status, decisions: body.decisions ?? [] };
}

async function outcomes(receiver: Receiver): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${receiver.port}/api/v1/actions`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return ((await response.json()) as { actions: Array<{ outcome: string }> }).actions.map((a) => a.outcome);
}

async function accepted(receiver: Receiver): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${receiver.port}/metrics`)).text();
  return Number(/^vigil_remediation_notifications_total\{result="accepted"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const running: Receiver[] = [];
afterAll(async () => {
  for (const { child, exited } of running) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
});

describe('vigil remediate stopped during an action', () => {
  it('on SIGTERM finishes the action under way, answers and records it, and refuses the notification queued behind it with 503', async () => {
    const { config, runs, recorded } = setUp('sigterm');
    const receiver = await start(config);
    running.push(receiver);
    const first = send(receiver, 'aa11');
    await eventually(
      () => outcomes(receiver),
      (list) => list.includes('started'),
      20_000
    );
    const queued = send(receiver, 'bb22');
    await eventually(
      () => accepted(receiver),
      (count) => count === 2,
      20_000
    );
    receiver.child.kill('SIGTERM');

    expect(await first).toEqual({
      status: 200,
      decisions: [expect.objectContaining({ result: 'succeeded', detail: expect.stringContaining('exited 0') })],
    });
    expect((await queued).status).toBe(503);
    expect(await receiver.exited).toBe(0);
    expect(runs()).toHaveLength(1);
    expect(alive(runs()[0])).toBe(false);
    expect(recorded()).toEqual(['succeeded']);
  }, 60_000);

  it('after a crash records the action as interrupted at the next start, and does not run it again when the notification is re-sent', async () => {
    const { config, runs, recorded } = setUp('crash');
    const receiver = await start(config);
    running.push(receiver);
    const cut = send(receiver, 'cc33').catch(() => 'no answer');
    await eventually(
      () => outcomes(receiver),
      (list) => list.includes('started'),
      20_000
    );
    receiver.child.kill('SIGKILL');
    await receiver.exited;
    expect(await cut).toBe('no answer');
    const [orphan] = await eventually(
      async () => runs(),
      (pids) => pids.length === 1
    );
    process.kill(orphan, 'SIGKILL');

    const restarted = await start(config);
    running.push(restarted);
    expect(await outcomes(restarted)).toEqual(['interrupted']);
    expect(await send(restarted, 'cc33')).toEqual({
      status: 200,
      decisions: [
        expect.objectContaining({
          result: 'redelivery',
          detail: 'already acted on this alert, but interrupted: not run again (see its record)',
        }),
      ],
    });
    expect(runs()).toHaveLength(1);
    await eventually(
      async () => (existsSync(join(config, '..', 'record', 'remediations.yaml')) ? recorded() : []),
      (list) => list.length === 1
    );
    expect(recorded()).toEqual(['interrupted']);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  }, 60_000);
});
