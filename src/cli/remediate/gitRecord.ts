import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionRecord, actionCommitMessage, formatActionRecordYaml } from '../../alerting/remediation';
import { GIT_AUTHOR } from '../config/schema';
import type { Logger } from '../log';
import type { RemediationStore } from './remediationStore';

export interface GitRecordOptions {
  repository: string;
  file: string;
  remote?: string;
  branch: string;
  /** `Name <email>` (GIT_AUTHOR) */
  author: string;
}

/** A failed git command: its exit code, and one line saying why. */
class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | undefined
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** Why git failed, in one line: its first `fatal:` or `error:` line (hints follow it), else all it said. */
function gitFailure(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines.join(' ');
}

function git(repository: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-C', repository, ...args],
      // The record file is read whole (as the last commit holds it): no cap below what a file may hold.
      { timeout: 60_000, maxBuffer: 1024 ** 3, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new GitError(
              `git ${args.find((arg) => !arg.startsWith('-') && !arg.includes('='))}: ${gitFailure(stderr || error.message)}`,
              typeof error.code === 'number' ? error.code : undefined
            )
          );
        } else {
          resolve(stdout);
        }
      }
    );
  });
}

/** Why the Git record cannot work here (no `git`, or `repository` is not a work tree), or undefined. */
export function gitRecordProblem(repository: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', repository, 'rev-parse', '--is-inside-work-tree'],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout.trim() === 'true' ? undefined : `${repository} is not a Git work tree (a bare repository?)`);
        } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          resolve('git is not installed (the stock image has none: build it with --build-arg WITH_GIT=true)');
        } else {
          resolve(`${repository} is not a Git work tree: ${gitFailure(stderr || error.message)}`);
        }
      }
    );
  });
}

/** How many of the first `pending` records `committed` ends with: those a commit holds whose state update was lost. */
function committedCount(committed: string, pending: ActionRecord[]): number {
  const texts = pending.map(formatActionRecordYaml);
  for (let count = texts.length; count > 0; count--) {
    if (committed.endsWith(texts.slice(0, count).join(''))) {
      return count;
    }
  }
  return 0;
}

/**
 * The Git record: records wait in the state file (`pending`) until a commit holds them; commits wait for a
 * push (`pushPending`) until the remote takes them. A failure of either leaves everything to the next flush.
 */
export class GitRecord {
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: GitRecordOptions,
    private readonly store: RemediationStore,
    private readonly log: Logger
  ) {}

  /** Commits pending records and pushes; serialised, never throws (failures are logged and retried later). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    try {
      await this.commitPending();
    } catch (error) {
      this.log.warn(
        { error: (error as Error).message, pending: this.store.state.pending.length },
        'git record: commit failed; will retry'
      );
      return;
    }
    if (this.store.state.pushPending && !this.options.remote) {
      // Left by an older version, which set it without a remote too, or by a remote since taken out of the config.
      this.store.update((state) => ({ ...state, pushPending: false }));
    }
    if (this.options.remote && this.store.state.pushPending) {
      try {
        await git(this.options.repository, ['push', this.options.remote, `HEAD:refs/heads/${this.options.branch}`]);
        this.store.update((state) => ({ ...state, pushPending: false }));
        this.log.info({ remote: this.options.remote }, 'git record pushed');
      } catch (error) {
        this.log.warn({ error: (error as Error).message }, 'git record: push failed; will retry');
      }
    }
  }

  /** The record file as the last commit holds it; undefined when it holds none (or there is no commit yet). */
  private async committedText(): Promise<string | undefined> {
    let blob: string;
    try {
      blob = await git(this.options.repository, ['rev-parse', '--quiet', '--verify', `HEAD:./${this.options.file}`]);
    } catch (error) {
      if (error instanceof GitError && error.exitCode === 1) {
        return undefined;
      }
      throw error;
    }
    return git(this.options.repository, ['cat-file', 'blob', blob.trim()]);
  }

  /** Takes records a commit holds out of the backlog. */
  private markCommitted(records: ActionRecord[]): void {
    const committed = new Set(records);
    this.store.update((state) => ({
      ...state,
      pending: state.pending.filter((record) => !committed.has(record)),
      pushPending: this.options.remote !== undefined,
    }));
  }

  /**
   * Appends the pending records to the file as the last commit holds it (not as the work tree does: a stop between
   * writing and committing leaves them there uncommitted) and commits it. Records the last commit already ends
   * with (its state update failed: disk full, a kill) are only taken out of the backlog, never appended twice.
   */
  private async commitPending(): Promise<void> {
    if (this.store.state.pending.length === 0) {
      return;
    }
    const before = await this.committedText();
    const already = committedCount(before ?? '', this.store.state.pending);
    if (already > 0) {
      this.markCommitted(this.store.state.pending.slice(0, already));
      this.log.info({ records: already }, 'git record: records the last commit holds already left the backlog');
    }
    const pending = this.store.state.pending;
    if (pending.length === 0) {
      return;
    }
    const path = join(this.options.repository, this.options.file);
    writeFileSync(path, (before ?? '') + pending.map(formatActionRecordYaml).join(''));
    const [, name, email] = GIT_AUTHOR.exec(this.options.author)!;
    const identity = ['-c', `user.name=${name}`, '-c', `user.email=${email}`];
    const message =
      pending.length === 1
        ? actionCommitMessage(pending[0])
        : `remediation: ${pending.length} records (${pending
            .map((r) => r.activity)
            .join(', ')
            .slice(0, 80)})`;
    try {
      await git(this.options.repository, ['add', '--', this.options.file]);
      await git(this.options.repository, [...identity, 'commit', '--quiet', '-m', message, '--', this.options.file]);
    } catch (error) {
      // Put the file back as the last commit holds it: the records stay pending for the next commit.
      if (before === undefined) {
        await git(this.options.repository, [
          'rm',
          '--cached',
          '--quiet',
          '--ignore-unmatch',
          '--',
          this.options.file,
        ]).catch(() => undefined);
        rmSync(path, { force: true });
      } else {
        writeFileSync(path, before);
        await git(this.options.repository, ['add', '--', this.options.file]).catch(() => undefined);
      }
      throw error;
    }
    this.markCommitted(pending);
  }
}
