import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { requireBinary, startAlertmanager, startPrometheus, startPushgateway } from '../stack';

const REPO = path.resolve(__dirname, '../..');

// Real servers, child processes and scrapes take seconds on a busy machine; the waits inside are bounded.
jest.setTimeout(60_000);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitUntilGone(pid: number): Promise<boolean> {
  return waitUntil(() => !isRunning(pid));
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

interface ServerInChildProcess {
  serverPid: number;
  dataDir: string;
  kill(signal: NodeJS.Signals): void;
}

/** A separate Node process that starts a Pushgateway, prints its PID and data dir, then waits to be killed. */
function startServerInChildProcess(): Promise<ServerInChildProcess> {
  const script =
    "require('./tests/stack').startPushgateway().then((server) => { console.log(JSON.stringify([server.pid, server.dataDir])); setInterval(() => {}, 1000); });";
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before printing a PID`)));
    child.stdout.once('data', (chunk: Buffer) => {
      const [serverPid, dataDir] = JSON.parse(chunk.toString()) as [number, string];
      resolve({ serverPid, dataDir, kill: (signal) => child.kill(signal) });
    });
  });
}

describe('test stack lifecycle', () => {
  it('names the Debian package when a binary is missing', () => {
    expect(() =>
      requireBinary({ path: '/nonexistent/prometheus-alertmanager', debianPackage: 'prometheus-alertmanager' })
    ).toThrow(
      "/nonexistent/prometheus-alertmanager is missing or not executable; install the Debian package 'prometheus-alertmanager'"
    );
  });

  it('stops a server by its PID and removes its temporary directory', async () => {
    const server = await startPushgateway();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(isRunning(server.pid)).toBe(true);
    expect(fs.existsSync(server.dataDir)).toBe(true);
    await server.stop();
    expect(isRunning(server.pid)).toBe(false);
    expect(fs.existsSync(path.dirname(server.dataDir))).toBe(false);
    await server.stop();
  });

  it('reports a server that fails to start with the tail of its log', async () => {
    await expect(startAlertmanager({ resolveTimeout: 'soon' })).rejects.toThrow(
      /alertmanager \(\/usr\/bin\/prometheus-alertmanager\) did not start: it exited[\s\S]*last lines of .*server\.log[\s\S]*soon/
    );
  });

  it('reports history promtool cannot read, with promtool’s own message', async () => {
    await expect(startPrometheus({ history: 'not openmetrics at all\n' })).rejects.toThrow(
      /backfilling .*history\.om failed: promtool tsdb create-blocks-from openmetrics[\s\S]+\S/
    );
  });

  it('refuses history after now when Prometheus also scrapes, since the scraped samples would be dropped', async () => {
    const future = Date.now() + 60 * 60_000;
    await expect(
      startPrometheus({
        history: [{ labels: { __name__: 'late' }, timestamps: Float64Array.of(future), values: Float64Array.of(1) }],
        scrapeTargets: ['127.0.0.1:9'],
      })
    ).rejects.toThrow(/history for \{"__name__":"late"\} ends at .*, after now/);
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)('kills the servers of a test process that ends by %s', async (signal) => {
    const { serverPid, dataDir, kill } = await startServerInChildProcess();
    expect(isRunning(serverPid)).toBe(true);
    kill(signal);
    expect(await waitUntilGone(serverPid)).toBe(true);
    expect(await waitUntil(() => !fs.existsSync(dataDir))).toBe(true);
  });
});
