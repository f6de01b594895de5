import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EXIT_PARTIAL_FAILURE } from '../command';
import { LOCK_STALE_AFTER_MS, StateLock, StateLockedError } from './stateLock';

function capture() {
  const lines: string[] = [];
  return { log: pino({ level: 'warn' }, { write: (line: string) => lines.push(line) }), lines };
}

function lockFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'vigil-lock-')), 'state', 'vigil.lock');
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('StateLock', () => {
  it('creates the lock with pid, host and start time, and removes it on release', () => {
    const file = lockFile();
    const lock = StateLock.acquire(file, capture().log);
    const owner = JSON.parse(readFileSync(file, 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    expect(Date.parse(owner.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a second run while the lock is held, exit 1 with one line naming the holder', () => {
    const file = lockFile();
    const lock = StateLock.acquire(file, capture().log);
    try {
      let error: unknown;
      try {
        StateLock.acquire(file, capture().log);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(StateLockedError);
      expect((error as StateLockedError).exitCode).toBe(EXIT_PARTIAL_FAILURE);
      expect((error as Error).message).toContain(`pid ${process.pid} on host ${hostname()}`);
      expect((error as Error).message).toContain(`delete ${file}`);
      expect((error as Error).message).not.toContain('\n');
    } finally {
      lock.release();
    }
  });

  it('takes over, with a warning, a lock whose process is dead on this host', () => {
    const file = lockFile();
    StateLock.acquire(file, capture().log).release();
    const stale = { pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(file, JSON.stringify(stale));
    const { log, lines } = capture();
    const lock = StateLock.acquire(file, log);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    expect(lines.join('')).toContain(`taking over a stale state lock: its process ${stale.pid} on this host is gone`);
    lock.release();
  });

  it('respects a fresh lock of another host, and takes it over once it has not been renewed for long', () => {
    const file = lockFile();
    StateLock.acquire(file, capture().log).release();
    writeFileSync(file, JSON.stringify({ pid: 1, host: 'vigil-detect-abcde', startedAt: new Date().toISOString() }));
    expect(() => StateLock.acquire(file, capture().log)).toThrow(/pid 1 on host vigil-detect-abcde/);

    const old = new Date(Date.now() - LOCK_STALE_AFTER_MS - 60_000);
    utimesSync(file, old, old);
    const { log, lines } = capture();
    const lock = StateLock.acquire(file, log);
    expect(lines.join('')).toContain('has not been renewed for 11 minutes');
    lock.release();
  });

  it('leaves a lock that another run has taken over in place on release', () => {
    const file = lockFile();
    const lock = StateLock.acquire(file, capture().log);
    const other = JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: new Date().toISOString() });
    writeFileSync(file, other);
    lock.release();
    expect(readFileSync(file, 'utf8')).toBe(other);
  });
});
