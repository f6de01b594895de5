import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { freeLoopbackPort, LOOPBACK } from './freePort';
import { signal, trackProcess, untrackProcess } from './liveProcesses';
import type { ServerHandle, ServerName } from './serverHandle';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;
const LOG_TAIL_LINES = 40;

export interface LaunchOptions {
  name: ServerName;
  binary: string;
  version: string;
  /** The server's command-line arguments for a given loopback address (host:port). */
  args: (listenAddress: string) => string[];
  tempDir: string;
  dataDir: string;
}

export async function makeTempDir(name: ServerName): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), `vigil-${name}-`));
}

/**
 * Starts the server on a free loopback port, logging to `<tempDir>/server.log`, and resolves once
 * `/-/ready` answers 200. Another process can take the port between the probe and the bind, so that case is retried.
 */
export async function launchServer(options: LaunchOptions): Promise<ServerHandle> {
  const logFile = path.join(options.tempDir, 'server.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const listenAddress = `${LOOPBACK}:${port}`;
    const logStart = fileSize(logFile);
    const child = spawnLogged(options.binary, options.args(listenAddress), logFile);
    const pid = child.pid;
    if (pid === undefined) {
      throw new Error(`${options.name}: could not start ${options.binary}\n${logTail(logFile)}`);
    }
    const watchdogPid = startWatchdog(pid, options.tempDir);
    trackProcess(pid, options.tempDir, watchdogPid);
    const url = `http://${listenAddress}`;
    const stop = once(() => stopServer(child, pid, watchdogPid, options.tempDir));
    try {
      await waitUntilReady(child, url);
    } catch (error) {
      await stopServer(child, pid, watchdogPid, undefined);
      const portTaken = /address already in use/i.test(readLog(logFile, logStart));
      if (portTaken && attempt < PORT_ATTEMPTS) {
        continue;
      }
      const message =
        `${options.name} (${options.binary}) did not start: ${(error as Error).message}\n` +
        `--- last lines of ${logFile} ---\n${logTail(logFile)}`;
      fs.rmSync(options.tempDir, { recursive: true, force: true });
      throw new Error(message);
    }
    child.unref();
    return { name: options.name, url, pid, version: options.version, dataDir: options.dataDir, stop };
  }
}

function spawnLogged(binary: string, args: string[], logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  try {
    fs.writeSync(log, `$ ${binary} ${args.join(' ')}\n`);
    const child = spawn(binary, args, { stdio: ['ignore', log, log] });
    // A failed spawn also leaves `pid` undefined, which the caller reports; without a listener it would crash.
    child.on('error', () => undefined);
    return child;
  } finally {
    fs.closeSync(log);
  }
}

/**
 * A tiny shell that waits for its stdin (a pipe from this process) to close, then ends the server and removes
 * its temporary directory. The pipe closes however this process ends, even on SIGKILL, so nothing outlives the run.
 */
function startWatchdog(serverPid: number, tempDir: string): number | undefined {
  const tenthsOfSecond = STOP_TIMEOUT_MS / 100;
  const script = [
    'read -r _',
    'kill -TERM "$1" 2>/dev/null',
    `i=0; while kill -0 "$1" 2>/dev/null && [ $i -lt ${tenthsOfSecond} ]; do sleep 0.1; i=$((i+1)); done`,
    'kill -0 "$1" 2>/dev/null && kill -KILL "$1"',
    'rm -rf "$2"',
  ].join('\n');
  const watchdog = spawn('/bin/sh', ['-c', script, 'vigil-watchdog', String(serverPid), tempDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  return watchdog.pid;
}

async function waitUntilReady(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited(child)) {
      throw new Error(`it exited (code ${child.exitCode}, signal ${child.signalCode}) before ${url}/-/ready answered`);
    }
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) {
        return;
      }
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await delay(50);
  }
  throw new Error(`${url}/-/ready did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${lastProblem})`);
}

async function stopServer(
  child: ChildProcess,
  pid: number,
  watchdogPid: number | undefined,
  tempDir: string | undefined
) {
  if (watchdogPid !== undefined) {
    signal(watchdogPid, 'SIGKILL');
  }
  if (!hasExited(child)) {
    signal(pid, 'SIGTERM');
    if (!(await exited(child, STOP_TIMEOUT_MS))) {
      signal(pid, 'SIGKILL');
      await exited(child, STOP_TIMEOUT_MS);
    }
  }
  untrackProcess(pid);
  if (tempDir !== undefined) {
    await fs.promises.rm(tempDir, { recursive: true, force: true });
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function fileSize(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

function readLog(logFile: string, fromByte = 0): string {
  try {
    return fs.readFileSync(logFile).subarray(fromByte).toString('utf8');
  } catch {
    return '';
  }
}

function logTail(logFile: string): string {
  return readLog(logFile).trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
