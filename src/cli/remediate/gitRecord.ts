import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionCommitMessage, formatActionRecordYaml } from '../../alerting/remediation';
import type { Logger } from '../log';
import type { RemediationStore } from './remediationStore';

export interface GitRecordOptions {
  repository: string;
  file: string;
  remote?: string;
  branch: string;
  /** `Name <email>` */
  author: string;
}

function git(repository: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-C', repository, ...args],
      { timeout: 60_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `git ${args.find((arg) => !arg.startsWith('-') && !arg.includes('='))}: ${(stderr || error.message).trim().split('\n').slice(-1)[0]}`
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
          resolve(`${repository} is not a Git work tree: ${(stderr || error.message).trim().split('\n').slice(-1)[0]}`);
        }
      }
    );
  });
}

function readOrEmpty(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
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

  private async commitPending(): Promise<void> {
    const pending = this.store.state.pending;
    if (pending.length === 0) {
      return;
    }
    const path = join(this.options.repository, this.options.file);
    const before = readOrEmpty(path);
    writeFileSync(path, (before ?? '') + pending.map(formatActionRecordYaml).join(''));
    const author = /^(.*?)\s*<(.*)>$/.exec(this.options.author);
    const identity = author ? ['-c', `user.name=${author[1]}`, '-c', `user.email=${author[2]}`] : [];
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
      // Put the file back as it was: the records stay pending and are appended once, by the next commit.
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
    const committed = new Set(pending);
    this.store.update((state) => ({
      ...state,
      pending: state.pending.filter((record) => !committed.has(record)),
      pushPending: true,
    }));
  }
}
