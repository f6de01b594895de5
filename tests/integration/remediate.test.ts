import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { type ServerHandle, startAlertmanager } from '../stack';
import { freeLoopbackPort } from '../stack/freePort';
import { buildCli } from './deployCliBuild';
import { eventually, untilHealthy } from './eventually';

const TOKEN = 'remediate-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'vigil-remediate-'));
const marker = join(dir, 'actions.jsonl');
const repository = join(dir, 'record');
const remote = join(dir, 'remote.git');
const HOSTILE = `db"; touch ${dir}/pwned-semicolon; $(touch ${dir}/pwned-subshell) \`touch ${dir}/pwned-backtick\`\n'quoted'`;
/** Appends its arguments and the label variable to the marker file: what the activity ran with. */
const RECORDER = `require('fs').appendFileSync(process.argv[1], JSON.stringify({ argv: process.argv.slice(2), instance: process.env.VIGIL_LABEL_INSTANCE, token: process.env.VIGIL_REMEDIATE_TOKEN ?? null }) + '\\n')`;

let cli: string;
let port: number;
let alertmanager: ServerHandle;
let receiver: ChildProcess | undefined;
let stderr = '';

function startReceiver(): Promise<void> {
  stderr = '';
  receiver = spawn(
    process.execPath,
    [cli, 'remediate', '--config', join(dir, 'config.yaml'), '--port', String(port), '--host', '127.0.0.1'],
    {
      env: { PATH: process.env.PATH ?? '', VIGIL_REMEDIATE_TOKEN: TOKEN },
      stdio: ['ignore', 'ignore', 'pipe'],
    }
  );
  receiver.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return untilHealthy(`http://127.0.0.1:${port}`);
}

async function stopReceiver(): Promise<void> {
  const child = receiver;
  receiver = undefined;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the receiver did not exit within 15 s of SIGTERM; its log:\n${stderr.slice(-2000)}`));
      }, 15_000);
    });
    await Promise.race([exited, stuck]).finally(() => clearTimeout(timer));
  }
}

function ran(): Array<{ argv: string[]; instance: string; token: string | null }> {
  return existsSync(marker)
    ? readFileSync(marker, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
}

async function postToAlertmanager(
  labels: Record<string, string>,
  startsAt: Date,
  endsAt?: Date,
  annotations: Record<string, string> = {}
): Promise<void> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      {
        labels,
        annotations,
        startsAt: startsAt.toISOString(),
        ...(endsAt ? { endsAt: endsAt.toISOString() } : {}),
      },
    ]),
  });
  expect(response.status).toBe(200);
}

async function actions(): Promise<
  Array<{ activity: string; outcome: string; fingerprint: string; labels: Record<string, string> }>
> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/actions`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return (
    (await response.json()) as {
      actions: Array<{ activity: string; outcome: string; fingerprint: string; labels: Record<string, string> }>;
    }
  ).actions;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

beforeAll(async () => {
  cli = buildCli(join(dir, 'build'));
  port = await freeLoopbackPort();
  execFileSync('git', ['init', '--quiet', '-b', 'main', repository]);
  execFileSync('git', ['-C', repository, 'remote', 'add', 'origin', remote]);
  const command = (name: string, match: string, extra: Record<string, unknown>) => ({
    name,
    match,
    action: {
      type: 'command',
      argv: [process.execPath, '-e', RECORDER, marker, name, '{{ instance }}'],
      timeout: '10s',
    },
    ...extra,
  });
  writeFileSync(
    join(dir, 'config.yaml'),
    stringify({
      model_path: join(dir, 'state'),
      remediation: { git: { repository, remote: 'origin', branch: 'main' } },
      activities: [
        command('restart-db', '{vigil_detector="db-latency"}', { cooldown: '1h', max_actions_per_hour: 10 }),
        command('flush-cache', '{vigil_detector="cache-misses"}', { cooldown: '1ms', max_actions_per_hour: 1 }),
        command('reindex', '{vigil_detector="search-latency"}', { cooldown: '1ms', max_actions_per_hour: 10 }),
      ],
    })
  );
  alertmanager = await startAlertmanager({
    webhook: { url: `http://127.0.0.1:${port}/webhook`, bearerToken: TOKEN, repeatInterval: '2s' },
  });
  await startReceiver();
}, 120_000);

// stopReceiver alone may take its 15 s: more than the default 5 s of a hook.
afterAll(async () => {
  await stopReceiver();
  await alertmanager?.stop();
}, 60_000);

describe('vigil remediate behind a real Alertmanager', () => {
  const dbAlert = { alertname: 'VigilAnomaly', vigil_detector: 'db-latency', instance: HOSTILE, severity: 'critical' };
  const firstEpisode = new Date(Date.now() - 60_000);

  it('runs the activity once on a notification, with hostile labels passed as data and never to a shell', async () => {
    await postToAlertmanager(dbAlert, firstEpisode);
    // The command writes its marker before it exits; the receiver records the action's outcome after that.
    const [action] = await eventually(actions, (list) => list.length === 1 && list[0].outcome !== 'started', 20_000);
    expect(action).toMatchObject({ activity: 'restart-db', outcome: 'succeeded', labels: dbAlert });
    expect(ran()).toHaveLength(1);
    const [call] = ran();
    expect(call.argv).toEqual(['restart-db', HOSTILE]);
    expect(call.instance).toBe(HOSTILE);
    expect(call.token).toBeNull();
    expect(readdirSync(dir).filter((name) => name.startsWith('pwned'))).toEqual([]);
  }, 30_000);

  it('runs nothing twice when Alertmanager re-sends the notification', async () => {
    await eventually(
      () => metric('vigil_remediation_redeliveries_total'),
      (count) => count >= 2,
      20_000
    );
    expect(ran()).toHaveLength(1);
  }, 30_000);

  it('releases the lock when the alert resolves, and records the cooldown refusal of the next episode', async () => {
    await postToAlertmanager(dbAlert, firstEpisode, new Date());
    await eventually(
      () => metric('vigil_remediation_lock_releases_total'),
      (count) => count === 1,
      20_000
    );
    await postToAlertmanager(dbAlert, new Date());
    const refused = await eventually(actions, (list) => list.some((a) => a.outcome === 'refused_cooldown'), 20_000);
    expect(refused[0]).toMatchObject({ activity: 'restart-db', outcome: 'refused_cooldown' });
    expect(await metric('vigil_remediation_cooldown_refusals_total')).toBe(1);
    expect(ran()).toHaveLength(1);
  }, 40_000);

  it('refuses actions over the hourly budget and records the refusal once', async () => {
    const now = new Date();
    await postToAlertmanager({ alertname: 'VigilAnomaly', vigil_detector: 'cache-misses', instance: 'cache-1' }, now);
    await postToAlertmanager({ alertname: 'VigilAnomaly', vigil_detector: 'cache-misses', instance: 'cache-2' }, now);
    await eventually(actions, (list) => list.filter((a) => a.activity === 'flush-cache').length === 2, 20_000);
    const flushes = (await actions()).filter((a) => a.activity === 'flush-cache').map((a) => a.outcome);
    expect(flushes.sort()).toEqual(['refused_budget', 'succeeded']);
    expect(await metric('vigil_remediation_budget_refusals_total')).toBe(1);
    // Re-sends of the refused alert add no second refusal. Both alerts, posted at the same moment, are re-sent on the
    // same schedule and each re-send counts as a redelivery: six of them mean the refused alert's came too.
    const flushRedeliveries = 'vigil_remediation_redeliveries_total{activity="flush-cache"}';
    const before = await metric(flushRedeliveries);
    await eventually(
      () => metric(flushRedeliveries),
      (count) => count >= before + 6,
      30_000
    );
    expect((await actions()).filter((a) => a.outcome === 'refused_budget')).toHaveLength(1);
  }, 60_000);

  it('commits every action and refusal to the Git record, and pushes once the remote exists', async () => {
    const log = execFileSync('git', ['-C', repository, 'log', '--format=%s'], { encoding: 'utf8' }).trim().split('\n');
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(log.join('\n')).toContain('restart-db succeeded');
    const records = parse(readFileSync(join(repository, 'remediations.yaml'), 'utf8')) as Array<
      Record<string, unknown>
    >;
    expect(records.map((record) => record.outcome).sort()).toEqual([
      'refused_budget',
      'refused_cooldown',
      'succeeded',
      'succeeded',
    ]);
    expect(records.find((record) => record.activity === 'restart-db')).toMatchObject({
      labels: dbAlert,
      target: expect.stringMatching(/^alert\/[0-9a-f]+$/),
      fingerprint: expect.stringMatching(/^[0-9a-f]+$/),
      duration_ms: expect.any(Number),
    });
    expect(stderr).toContain('push failed');
    expect(existsSync(remote)).toBe(false);
    expect((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).gitPushPending).toBe(true);

    // The remote appears; the next run of the receiver pushes what the failed pushes left behind.
    execFileSync('git', ['init', '--quiet', '--bare', '-b', 'main', remote]);
    await stopReceiver();
    await startReceiver();
    await eventually(
      () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json()),
      (health: { gitPushPending: boolean }) => !health.gitPushPending,
      20_000
    );
    const pushed = execFileSync('git', ['-C', remote, 'show', 'main:remediations.yaml'], { encoding: 'utf8' });
    expect(parse(pushed)).toHaveLength(records.length);
  }, 60_000);

  it('clears the lock when the detector has refitted the series (a newer vigil_fitted_at), and acts again', async () => {
    const searchAlert = { alertname: 'VigilAnomaly', vigil_detector: 'search-latency', instance: 'search-1' };
    const startsAt = new Date();
    const reindexes = () => ran().filter((call) => call.argv[0] === 'reindex').length;
    await postToAlertmanager(searchAlert, startsAt, undefined, { vigil_fitted_at: '2026-12-05T00:00:00.000Z' });
    await eventually(
      async () => reindexes(),
      (count) => count === 1,
      20_000
    );
    const releases = await metric('vigil_remediation_lock_releases_total');
    const reindexRedeliveries = 'vigil_remediation_redeliveries_total{activity="reindex"}';
    await eventually(
      () => metric(reindexRedeliveries),
      (count) => count >= 2,
      20_000
    );
    expect(reindexes()).toBe(1);

    await postToAlertmanager(searchAlert, startsAt, undefined, { vigil_fitted_at: '2026-12-05T06:00:00.000Z' });
    await eventually(
      async () => reindexes(),
      (count) => count === 2,
      20_000
    );
    expect(await metric('vigil_remediation_lock_releases_total')).toBe(releases + 1);
  }, 60_000);
});

describe('vigil remediate test and --dry-run', () => {
  it('prints the decision for an alert from the saved state, changing nothing', () => {
    const alertFile = join(dir, 'alert.json');
    writeFileSync(alertFile, JSON.stringify({ labels: { vigil_detector: 'db-latency', instance: 'db-9' } }));
    const output = execFileSync(
      process.execPath,
      [cli, 'remediate', 'test', '--config', join(dir, 'config.yaml'), '--alert', alertFile],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      }
    );
    expect(output.trim()).toMatch(/^alert [0-9a-f]{16} \(firing\): activity restart-db: would run command /);
    writeFileSync(alertFile, JSON.stringify({ labels: { vigil_detector: 'unrelated' } }));
    const none = execFileSync(
      process.execPath,
      [cli, 'remediate', 'test', '--config', join(dir, 'config.yaml'), '--alert', alertFile],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      }
    );
    expect(none.trim()).toMatch(/: no activity matches$/);
  });

  it('--dry-run logs the action and runs nothing', async () => {
    const dryDir = mkdtempSync(join(tmpdir(), 'vigil-remediate-dry-'));
    const dryPort = await freeLoopbackPort();
    writeFileSync(
      join(dryDir, 'config.yaml'),
      readFileSync(join(dir, 'config.yaml'), 'utf8')
        .replace(/model_path: .*/, `model_path: ${join(dryDir, 'state')}`)
        .replace(/remediation:\n(\s+.*\n)+?(?=activities)/, '')
    );
    const child = spawn(
      process.execPath,
      [
        cli,
        'remediate',
        '--dry-run',
        '--config',
        join(dryDir, 'config.yaml'),
        '--port',
        String(dryPort),
        '--host',
        '127.0.0.1',
      ],
      {
        env: { PATH: process.env.PATH ?? '', VIGIL_REMEDIATE_TOKEN: TOKEN },
        stdio: ['ignore', 'ignore', 'pipe'],
      }
    );
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      await eventually(
        () =>
          fetch(`http://127.0.0.1:${dryPort}/healthz`).then(
            (r) => r.status,
            () => 0
          ),
        (status) => status === 200,
        20_000
      );
      const before = ran().length;
      const response = await fetch(`http://127.0.0.1:${dryPort}/webhook`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          version: '4',
          groupKey: 'g',
          status: 'firing',
          receiver: 'r',
          alerts: [
            {
              status: 'firing',
              labels: { vigil_detector: 'db-latency', instance: 'db-7' },
              startsAt: new Date().toISOString(),
              fingerprint: 'dd44',
            },
          ],
        }),
      });
      expect(
        ((await response.json()) as { decisions: Array<{ result: string }> }).decisions.map((d) => d.result)
      ).toEqual(['dry_run']);
      expect(ran()).toHaveLength(before);
      expect(log).toContain('would run command');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});

describe('checks at start', () => {
  const start = (config: string, path: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, 'remediate', '--config', config, '--port', '0', '--host', '127.0.0.1'],
        { env: { PATH: path, VIGIL_REMEDIATE_TOKEN: TOKEN }, timeout: 20_000 },
        (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr })
      );
    });
  const configWith = (name: string, repositoryPath: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      readFileSync(join(dir, 'config.yaml'), 'utf8')
        .replace(/model_path: .*/, `model_path: ${join(dir, name)}`)
        .replace(/repository: .*/, `repository: ${repositoryPath}`)
    );
    return file;
  };

  it('refuses to start, in one line, where git is not installed or the repository is not a work tree', async () => {
    const noGit = await start(configWith('no-git', repository), mkdtempSync(join(tmpdir(), 'vigil-empty-path-')));
    expect(noGit.code).toBe(2);
    expect(noGit.stderr.trim()).toMatch(
      /^vigil: .*no-git\.yaml: remediation\.git\.repository: git is not installed \(the stock image has none: build it with --build-arg WITH_GIT=true\) \(see docs\/remediation\.md\)$/
    );
    const plainDir = mkdtempSync(join(tmpdir(), 'vigil-not-a-repo-'));
    const notRepo = await start(configWith('not-repo', plainDir), process.env.PATH ?? '');
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr.trim().split('\n')).toHaveLength(1);
    expect(notRepo.stderr).toContain(
      `remediation.git.repository: ${plainDir} is not a Git work tree: fatal: not a git repository`
    );
  }, 60_000);

  it('refuses to start, in one line, with Kubernetes actions and no API, and leaves no state lock behind', async () => {
    const file = join(dir, 'no-api.yaml');
    writeFileSync(
      file,
      stringify({
        model_path: join(dir, 'no-api'),
        remediation: { lock: 'file' },
        activities: [
          {
            name: 'restart-api',
            match: '{vigil_detector="api"}',
            action: { type: 'rollout_restart', kind: 'Deployment', namespace: 'shop', name: 'api' },
          },
        ],
      })
    );
    for (const attempt of [1, 2]) {
      const result = await start(file, process.env.PATH ?? '');
      expect([attempt, result.code]).toEqual([attempt, 2]);
      expect(result.stderr).toBe(
        `vigil: ${file}: remediation.kubernetes.api_url: no Kubernetes API: set remediation.kubernetes.api_url or run in a pod\n`
      );
    }
  }, 60_000);
});

describe('the webhook endpoint', () => {
  const url = () => `http://127.0.0.1:${port}/webhook`;

  it('refuses a request without the bearer token, and never logs the token', async () => {
    const response = await fetch(url(), { method: 'POST', body: '{}', headers: { Authorization: 'Bearer wrong' } });
    expect(response.status).toBe(401);
    expect(stderr).not.toContain(TOKEN);
  });

  it('answers the actions API only with the bearer token, filtered by fingerprint on request, 400 for a bad limit', async () => {
    const actionsUrl = `http://127.0.0.1:${port}/api/v1/actions`;
    expect((await fetch(actionsUrl)).status).toBe(401);
    expect((await fetch(actionsUrl, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const all = await actions();
    const fingerprint = all[all.length - 1].fingerprint;
    const response = await fetch(`${actionsUrl}?fingerprint=${fingerprint}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const filtered = ((await response.json()) as { actions: Array<{ fingerprint: string }> }).actions;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(all.length);
    expect(new Set(filtered.map((action) => action.fingerprint))).toEqual(new Set([fingerprint]));
    const badLimit = await fetch(`${actionsUrl}?limit=all`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(badLimit.status).toBe(400);
    expect(await badLimit.json()).toEqual({ error: 'limit: expected a whole number from 1 to 500, got "all"' });
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await fetch(url(), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses a payload that is not webhook v4, naming the field', async () => {
    const response = await fetch(url(), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        receiver: 'x',
        groupKey: 'g',
        alerts: [{ status: 'firing', labels: {} }],
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('alerts[0].startsAt');
  });
});
