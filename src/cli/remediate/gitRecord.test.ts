import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parse } from 'yaml';
import { type ActionRecord, formatActionRecordYaml } from '../../alerting/remediation';
import { GitRecord } from './gitRecord';
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

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-git-record-'));
  const repository = join(dir, 'record');
  execFileSync('git', ['init', '--quiet', '-b', 'main', repository]);
  const store = new RemediationStore(join(dir, 'state'));
  const git = new GitRecord(
    { repository, file: 'remediations.yaml', branch: 'main', author: 'vigil <vigil@example.com>' },
    store,
    pino({ level: 'silent' })
  );
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
});
