import fs from 'node:fs';

/**
 * Every server this process started and has not stopped yet, so that they die with it: on a normal exit,
 * on SIGINT/SIGTERM/SIGHUP, and (through each server's watchdog, see serverProcess.ts) on SIGKILL.
 */
const live = new Map<number, { tempDir: string; watchdogPid?: number }>();
let handlersInstalled = false;

export function trackProcess(pid: number, tempDir: string, watchdogPid?: number): void {
  installExitHandlers();
  live.set(pid, { tempDir, watchdogPid });
}

export function untrackProcess(pid: number): void {
  live.delete(pid);
}

export function liveProcessIds(): number[] {
  return [...live.keys()];
}

function killEverything(): void {
  for (const [pid, { tempDir, watchdogPid }] of live) {
    signal(pid, 'SIGKILL');
    if (watchdogPid !== undefined) {
      signal(watchdogPid, 'SIGKILL');
    }
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
  live.clear();
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function installExitHandlers(): void {
  if (handlersInstalled) {
    return;
  }
  handlersInstalled = true;
  process.on('exit', killEverything);
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(name, () => {
      killEverything();
      // Without other listeners, re-raise so the process still ends the way the signal asked.
      if (process.listenerCount(name) === 0) {
        process.kill(process.pid, name);
      }
    });
  }
}
