import { closeSync, fsyncSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import { EXIT_PARTIAL_FAILURE, UserError } from '../command';
import type { Logger } from '../log';
import { ensureDirectory } from './ensureDirectory';

/** Who holds a state lock; the lock file's content. */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

const ownerSchema = z.object({ pid: z.number().int().positive(), host: z.string(), startedAt: z.string() });

/** The holder touches its lock this often, so that a lock left by a killed pod can be told apart from a live one. */
const HEARTBEAT_MS = 30_000;
/** A lock not touched for this long is stale whoever holds it (a run scores on worker threads and keeps beating). */
export const LOCK_STALE_AFTER_MS = 10 * 60_000;

/** Another run holds the lock: exit 1 (the CronJob retries at its next schedule), with one line saying who. */
export class StateLockedError extends UserError {
  constructor(file: string, owner: LockOwner | undefined) {
    const who = owner
      ? `pid ${owner.pid} on host ${owner.host} since ${owner.startedAt}`
      : 'a run whose lock file is still being written';
    super(
      `state directory ${dirname(file)} is in use by another vigil run (${who}); ` +
        `this run did nothing. If no such run is active, delete ${file}`,
      EXIT_PARTIAL_FAILURE
    );
    this.name = 'StateLockedError';
  }
}

function readOwner(file: string): { text: string; owner: LockOwner | undefined; touchedMs: number } | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    const touchedMs = statSync(file).mtimeMs;
    let owner: LockOwner | undefined;
    try {
      owner = ownerSchema.parse(JSON.parse(text));
    } catch {
      owner = undefined;
    }
    return { text, owner, touchedMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why a held lock may be taken over, or undefined while its holder may still be running. */
function staleReason(owner: LockOwner | undefined, touchedMs: number, nowMs: number): string | undefined {
  if (owner && owner.host === hostname() && !isAlive(owner.pid)) {
    return `its process ${owner.pid} on this host is gone`;
  }
  if (nowMs - touchedMs > LOCK_STALE_AFTER_MS) {
    return `it has not been renewed for ${Math.round((nowMs - touchedMs) / 60_000)} minutes`;
  }
  return undefined;
}

/**
 * An exclusive lock on (a shard's files in) the state directory, held for a whole run: a file created with
 * O_EXCL holding pid, host and start time. A lock whose process is dead on this host, or that has not been
 * renewed for LOCK_STALE_AFTER_MS (a pod killed on another node), is taken over with a warning.
 */
export class StateLock {
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    readonly file: string,
    private readonly text: string
  ) {
    this.heartbeat = setInterval(() => this.touch(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Takes the lock or throws StateLockedError naming the holder. */
  static acquire(file: string, log: Logger): StateLock {
    ensureDirectory(dirname(file), 'the state directory (model_path)');
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    const text = `${JSON.stringify(owner)}\n`;
    let holder: LockOwner | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = openSync(file, 'wx', 0o644);
        try {
          writeSync(handle, text);
          fsyncSync(handle);
        } finally {
          closeSync(handle);
        }
        return new StateLock(file, text);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw error;
        }
      }
      const held = readOwner(file);
      if (!held) {
        continue;
      }
      holder = held.owner;
      const reason = staleReason(held.owner, held.touchedMs, Date.now());
      if (!reason) {
        break;
      }
      log.warn({ file, holder: held.owner ?? held.text.slice(0, 200) }, `taking over a stale state lock: ${reason}`);
      // Remove it only if it is still the stale one (another run may have taken it over meanwhile).
      if (readOwner(file)?.text === held.text) {
        rmSync(file, { force: true });
      }
    }
    throw new StateLockedError(file, holder);
  }

  private touch(): void {
    try {
      const now = new Date();
      utimesSync(this.file, now, now);
    } catch {
      // A lost heartbeat only makes the lock look stale sooner; the run itself goes on.
    }
  }

  /** Removes the lock file if it is still this run's. */
  release(): void {
    clearInterval(this.heartbeat);
    if (readOwner(this.file)?.text === this.text) {
      rmSync(this.file, { force: true });
    }
  }
}
