import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parse } from 'yaml';
import { type ActionRecord, formatActionRecordYaml } from '../../alerting/remediation';
import type { Logger } from '../log';
import { GitRecord, type GitRecordOptions } from './gitRecord';
import { RemediationStore } from './remediationStore';

function record(fingerprint: string): ActionRecord {
  return {
    time: '2026-12-05T10:00:00.000Z',
    fingerprint,
    activity: 'restart-api',
    target: 'Deployment/shop/api',
    outcome: 'succeeded',
    durationMs: 12,
    labels: { service: 'api' },
    detail: 'restarted Deployment shop/api',
  };
}

function setUp(options: { remote?: string; log?: Logger } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-git-record-'));
  const repository = join(dir, 'record');
  execFileSync('git', ['init', '--quiet', '-b', 'main', repository]);
  const store = new RemediationStore(join(dir, 'state'));
  const settings: GitRecordOptions = {
    repository,
    file: 'remediations.yaml',
    branch: 'main',
    author: 'vigil <vigil@example.com>',
    ...(options.remote ? { remote: options.remote } : {}),
  };
  const git = new GitRecord(settings, store, options.log ?? pino({ level: 'silent' }));
  const committed = () =>
    (
      parse(execFileSync('git', ['-C', repository, 'show', 'HEAD:remediations.yaml'], { encoding: 'utf8' })) as Array<{
        fingerprint: string;
      }>
    ).map((entry) => entry.fingerprint);
  const commits = () =>
    Number(execFileSync('git', ['-C', repository, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }));
  return { repository, store, git, committed, commits };
}

describe('GitRecord', () => {
  it('commits a record once when the state update after its commit failed (disk full, a kill)', async () => {
    const { store, git, committed, commits } = setUp();
    store.addRecord(record('a'), true);
    await git.flush();
    store.addRecord(record('b'), true);
    jest.spyOn(store, 'update').mockImplementationOnce(() => {
      throw new Error('ENOSPC: no space left on device');
    });
    await git.flush();
    expect(store.state.pending.map((r) => r.fingerprint)).toEqual(['b']);
    expect(committed()).toEqual(['a', 'b']);

    store.addRecord(record('c'), true);
    await git.flush();
    expect(committed()).toEqual(['a', 'b', 'c']);
    expect(commits()).toBe(3);
    expect(store.state.pending).toEqual([]);
  });

  it('appends to the file as the last commit holds it, not records a stop left uncommitted in the work tree', async () => {
    const { repository, store, git, committed } = setUp();
    store.addRecord(record('a'), true);
    await git.flush();
    store.addRecord(record('b'), true);
    // As if a stop came between writing the file and committing it.
    appendFileSync(join(repository, 'remediations.yaml'), formatActionRecordYaml(record('b')));
    await git.flush();
    expect(committed()).toEqual(['a', 'b']);
    expect(readFileSync(join(repository, 'remediations.yaml'), 'utf8')).toBe(
      formatActionRecordYaml(record('a')) + formatActionRecordYaml(record('b'))
    );
  });

  it('logs the line of git saying why a commit or a push failed, not the hint after it', async () => {
    const warn = jest.fn();
    const log = { warn, info: jest.fn() } as unknown as Logger;
    const { repository, store, git } = setUp({ remote: '/nowhere/remote.git', log });
    const indexLock = join(repository, '.git', 'index.lock');
    writeFileSync(indexLock, '');
    store.addRecord(record('a'), true);
    await git.flush();
    expect(warn).toHaveBeenLastCalledWith(
      { error: expect.stringMatching(/^git add: fatal: Unable to create '.*index\.lock': File exists\.$/), pending: 1 },
      'git record: commit failed; will retry'
    );
    rmSync(indexLock);
    await git.flush();
    expect(warn).toHaveBeenLastCalledWith(
      { error: "git push: fatal: '/nowhere/remote.git' does not appear to be a git repository" },
      'git record: push failed; will retry'
    );
  });
});
