import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../stack/freePort';
import { writeConfigFile } from './configFile';
import { buildCliForFile } from './deployCliBuild';
import { eventually, untilHealthy } from './eventually';

const TOKEN = 'remediate-git-token-0123456789';
const cli = buildCliForFile('vigil-remediate-git-build-');
const dir = mkdtempSync(join(tmpdir(), 'vigil-remediate-git-'));
const repository = join(dir, 'record');
let receiver: { child: ChildProcess; port: number; exited: Promise<unknown>; log: () => string } | undefined;

async function start(config: string): Promise<void> {
  const port = await freeLoopbackPort();
  let log = '';
  const child = spawn(
    process.execPath,
    [cli(), 'remediate', '--config', config, '--port', String(port), '--host', '127.0.0.1'],
    { env: { PATH: process.env.PATH ?? '', VIGIL_REMEDIATE_TOKEN: TOKEN }, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  receiver = { child, port, exited, log: () => log };
  await untilHealthy(`http://127.0.0.1:${port}`);
}

async function stop(): Promise<void> {
  if (receiver) {
    receiver.child.kill('SIGTERM');
    await receiver.exited;
    receiver = undefined;
  }
}

afterAll(stop);

const url = (path: string) => `http://127.0.0.1:${receiver!.port}${path}`;

async function gauges(): Promise<Record<string, number>> {
  const text = await (await fetch(url('/metrics'))).text();
  return Object.fromEntries(
    [...text.matchAll(/^(vigil_remediation_git_\w+) (\d+)$/gm)].map(([, name, value]) => [name, Number(value)])
  );
}

async function health(): Promise<{ gitPendingRecords: number; gitPushPending: boolean }> {
  return (await fetch(url('/healthz'))).json() as Promise<{ gitPendingRecords: number; gitPushPending: boolean }>;
}

describe('vigil remediate, its Git record without a remote', () => {
  it('reports the backlog from the start, and no push backlog without a remote', async () => {
    execFileSync('git', ['init', '--quiet', '-b', 'main', repository]);
    const config = writeConfigFile(dir, {
      model_path: join(dir, 'state'),
      remediation: { lock: 'file', git: { repository } },
      activities: [
        {
          name: 'note',
          match: '{vigil_detector="d"}',
          action: { type: 'command', argv: [process.execPath, '-e', '0'] },
        },
      ],
    });
    // Another git process's lock: every commit fails while it is there.
    const indexLock = join(repository, '.git', 'index.lock');
    writeFileSync(indexLock, '');
    await start(config);
    const response = await fetch(url('/webhook'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        version: '4',
        groupKey: 'g',
        status: 'firing',
        receiver: 'vigil',
        alerts: [
          { status: 'firing', labels: { vigil_detector: 'd' }, startsAt: '2026-12-05T10:00:00Z', fingerprint: 'f1' },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(await gauges()).toEqual({ vigil_remediation_git_pending_records: 1, vigil_remediation_git_push_pending: 0 });
    await stop();

    // The next start commits the backlog; its gauges and /healthz say so before any notification.
    rmSync(indexLock);
    await start(config);
    await eventually(health, (body) => body.gitPendingRecords === 0);
    expect(await health()).toMatchObject({ gitPendingRecords: 0, gitPushPending: false });
    expect(await gauges()).toEqual({ vigil_remediation_git_pending_records: 0, vigil_remediation_git_push_pending: 0 });
  }, 60_000);
});
