import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { KubernetesApi } from '../../src/cli/remediate/kubernetesApi';
import { budgetLeaseName, LeaseLockStore } from '../../src/cli/remediate/leaseLockStore';
import { freeLoopbackPort } from '../stack/freePort';
import { buildCli } from './deployCliBuild';
import { untilHealthy } from './eventually';
import { type ApiCall, KubernetesApiServer } from './kubernetesApiServer';

const ROOT = resolve(__dirname, '../..');
const TOKEN = 'kubernetes-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'vigil-remediate-k8s-'));
const api = new KubernetesApiServer('shop', [
  ['deployments', 'api'],
  ['deployments', 'web'],
  ['deployments', 'cart'],
  ['statefulsets', 'db'],
  ['daemonsets', 'agent'],
]);
const replicas: Array<{ port: number; child: ChildProcess }> = [];

interface Decision {
  activity: string;
  result: string;
  detail: string;
}

const ALERT_LABELS = { alertname: 'VigilAnomaly', vigil_detector: 'shop-latency', namespace: 'shop', service: 'api' };

function payload(status: 'firing' | 'resolved', labels: Record<string, string>, fingerprint: string) {
  return {
    version: '4',
    groupKey: `{}:{fingerprint="${fingerprint}"}`,
    truncatedAlerts: 0,
    status,
    receiver: 'vigil',
    groupLabels: {},
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test',
    alerts: [
      {
        status,
        labels,
        annotations: {},
        startsAt: '2026-12-05T10:00:00Z',
        endsAt: status === 'resolved' ? '2026-12-05T10:30:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint,
      },
    ],
  };
}

async function send(port: number, body: unknown): Promise<Decision[]> {
  const response = await fetch(`http://127.0.0.1:${port}/webhook`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { decisions: Decision[] }).decisions;
}

function calls(filter: Partial<ApiCall>): ApiCall[] {
  return api.calls.filter((call) =>
    Object.entries(filter).every(([key, value]) => call[key as keyof ApiCall] === value)
  );
}

beforeAll(async () => {
  // The Lease race below runs the library in this process: its first load (cold Jest transform) takes seconds.
  await new KubernetesApi({ baseUrl: 'http://127.0.0.1:1', env: {} }).preload();
  await api.start();
  const cli = buildCli(join(dir, 'build'));
  const workload = (kind: string, name: string) => ({ kind, namespace: '{{ namespace }}', name });
  const config = (name: string) =>
    stringify({
      model_path: join(dir, name),
      remediation: { lock: 'lease', kubernetes: { api_url: api.url, lease_namespace: 'vigil' } },
      activities: [
        {
          name: 'restart-api',
          match: '{vigil_detector="shop-latency"}',
          action: { type: 'rollout_restart', ...workload('Deployment', '{{ service }}') },
        },
        {
          name: 'restart-db',
          match: '{vigil_detector="shop-latency"}',
          action: { type: 'rollout_restart', ...workload('StatefulSet', 'db') },
        },
        {
          name: 'restart-agent',
          match: '{vigil_detector="shop-latency"}',
          action: { type: 'rollout_restart', ...workload('DaemonSet', 'agent') },
        },
        {
          name: 'scale-api',
          match: '{vigil_detector="shop-latency"}',
          action: { type: 'scale', ...workload('Deployment', '{{ service }}'), replicas: 5, min: 2, max: 8 },
        },
        {
          name: 'scale-db',
          match: '{vigil_detector="shop-latency"}',
          action: { type: 'scale', ...workload('StatefulSet', 'db'), replicas: 3, min: 1, max: 3 },
        },
        {
          name: 'restart-on-errors',
          match: '{vigil_detector="shop-errors"}',
          action: { type: 'rollout_restart', ...workload('Deployment', '{{ service }}') },
          max_actions_per_hour: 1,
        },
      ],
    });
  for (const name of ['replica-a', 'replica-b']) {
    const port = await freeLoopbackPort();
    writeFileSync(join(dir, `${name}.yaml`), config(name));
    const child = spawn(
      process.execPath,
      [cli, 'remediate', '--config', join(dir, `${name}.yaml`), '--port', String(port), '--host', '127.0.0.1'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          VIGIL_REMEDIATE_TOKEN: TOKEN,
          POD_NAME: name,
          CONFIG_PATH: '',
          HOME: join(dir, name),
        },
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      }
    );
    replicas.push({ port, child });
  }
  for (const { port } of replicas) {
    await untilHealthy(`http://127.0.0.1:${port}`);
  }
}, 120_000);

afterAll(async () => {
  for (const { child } of replicas) {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  }
  await api.stop();
});

describe('vigil remediate against the Kubernetes API', () => {
  it('restarts and scales each workload once when two replicas get the same alert (Leases decide)', async () => {
    const body = payload('firing', ALERT_LABELS, 'aa11');
    const [a, b] = await Promise.all(replicas.map(({ port }) => send(port, body)));
    const ran = [...a, ...b].filter((decision) => decision.result === 'succeeded').map((decision) => decision.activity);
    expect(ran.sort()).toEqual(['restart-agent', 'restart-api', 'restart-db', 'scale-api', 'scale-db']);
    expect([...a, ...b].filter((decision) => decision.result === 'redelivery')).toHaveLength(5);
    expect(calls({ verb: 'patch', resource: 'deployments', subresource: undefined })).toHaveLength(1);
    expect(calls({ verb: 'patch', resource: 'statefulsets', subresource: undefined })).toHaveLength(1);
    expect(calls({ verb: 'patch', resource: 'daemonsets' })).toHaveLength(1);
    expect(calls({ verb: 'patch', subresource: 'scale' })).toHaveLength(2);
    const deployment = api.objects.get('apps/deployments/shop/api')!;
    expect(deployment.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(
      /^\d{4}-\d\d-\d\dT/
    );
    expect(deployment.spec.replicas).toBe(5);
    expect(api.objects.get('apps/statefulsets/shop/db')!.spec.replicas).toBe(3);
    expect(api.objects.get('apps/daemonsets/shop/agent')!.spec.template.metadata.annotations).toBeDefined();
    expect(api.invalidBodies).toEqual([]);
  }, 30_000);

  it('releases the Leases when the alert resolves, through either replica', async () => {
    const decisions = await send(replicas[1].port, payload('resolved', ALERT_LABELS, 'aa11'));
    expect(decisions.map((decision) => decision.result)).toEqual(Array(5).fill('released'));
    const again = await send(replicas[0].port, payload('firing', { ...ALERT_LABELS, instance: 'other' }, 'bb22'));
    expect(again.map((decision) => decision.result)).toEqual(Array(5).fill('refused_cooldown'));
    expect(api.invalidBodies).toEqual([]);
  }, 30_000);

  it('never turns a hostile label into an API path', async () => {
    const before = api.calls.length;
    const decisions = await send(
      replicas[0].port,
      payload('firing', { ...ALERT_LABELS, service: '../../../api/v1/secrets' }, 'cc33')
    );
    expect(decisions.find((decision) => decision.activity === 'restart-api')?.result).toBe('invalid_target');
    expect(api.calls.slice(before).filter((call) => call.resource !== 'leases')).toEqual([]);
  });

  it('gives a Lease to exactly one of two holders racing on it; the loser gets 409 and sees it held', async () => {
    const kube = new KubernetesApi({ baseUrl: api.url, serviceAccountDir: join(dir, 'none') });
    const stores = [new LeaseLockStore(kube, 'vigil', 'x'), new LeaseLockStore(kube, 'vigil', 'y')];
    const holder = (fingerprint: string) => ({ fingerprint, startsAt: 's', lockedAt: 'now' });
    await stores[0].acquire('race', holder('f0'));
    await stores[0].release('race', 'f0');
    const conflictsBefore = calls({ verb: 'update', resource: 'leases', status: 409 }).length;
    const results = await Promise.all([
      stores[0].acquire('race', holder('f1')),
      stores[1].acquire('race', holder('f2')),
    ]);
    expect(results.filter((result) => result.acquired)).toHaveLength(1);
    const loser = results.find((result) => !result.acquired) as { holder: { fingerprint: string } };
    expect(['f1', 'f2']).toContain(loser.holder.fingerprint);
    expect(calls({ verb: 'update', resource: 'leases', status: 409 }).length).toBeGreaterThan(conflictsBefore);
  });

  it('shares max_actions_per_hour between the replicas: the second restart, on the other replica, is refused', async () => {
    const errors = { ...ALERT_LABELS, vigil_detector: 'shop-errors' };
    const first = await send(replicas[0].port, payload('firing', { ...errors, service: 'web' }, 'dd44'));
    expect(first.map((decision) => decision.result)).toEqual(['succeeded']);
    const second = await send(replicas[1].port, payload('firing', { ...errors, service: 'cart' }, 'ee55'));
    expect(second.map((decision) => [decision.result, decision.detail])).toEqual([
      ['refused_budget', 'budget of 1 actions per hour used (1)'],
    ]);
    expect(api.objects.get('apps/deployments/shop/web')!.spec.template.metadata.annotations).toBeDefined();
    expect(api.objects.get('apps/deployments/shop/cart')!.spec.template.metadata.annotations).toBeUndefined();
    const budget = api.objects.get(`coordination.k8s.io/leases/vigil/${budgetLeaseName('restart-on-errors')}`)!;
    expect(JSON.parse(budget.metadata.annotations['vigil.dev/recent-actions'])).toHaveLength(1);
    expect(api.invalidBodies).toEqual([]);
  }, 30_000);

  it('spends the last budget slot once: a write on a Lease another replica changed meanwhile gets 409 and re-reads', async () => {
    const kube = new KubernetesApi({ baseUrl: api.url, serviceAccountDir: join(dir, 'none') });
    const [a, b] = [new LeaseLockStore(kube, 'vigil', 'a'), new LeaseLockStore(kube, 'vigil', 'b')];
    const now = Date.now();
    expect(await a.spendBudget('budget-race', 2, now)).toEqual({ spent: true });
    const name = budgetLeaseName('budget-race');
    const otherSpend = new Date(now + 1).toISOString();
    api.interfereBeforeNextWrite('vigil', name, (lease) => {
      const annotations = lease.metadata.annotations;
      const times = [...JSON.parse(annotations['vigil.dev/recent-actions']), otherSpend];
      return {
        ...lease,
        metadata: {
          ...lease.metadata,
          annotations: { ...annotations, 'vigil.dev/recent-actions': JSON.stringify(times) },
        },
      };
    });
    const conflictsBefore = calls({ verb: 'update', resource: 'leases', status: 409 }).length;
    expect(await a.spendBudget('budget-race', 2, now + 2)).toEqual({ spent: false, used: 2 });
    expect(calls({ verb: 'update', resource: 'leases', status: 409 })).toHaveLength(conflictsBefore + 1);
    const stored = api.objects.get(`coordination.k8s.io/leases/vigil/${name}`)!;
    expect(JSON.parse(stored.metadata.annotations['vigil.dev/recent-actions'])).toEqual([
      new Date(now).toISOString(),
      otherSpend,
    ]);

    const racing = await Promise.all([a.spendBudget('budget-race-2', 1, now), b.spendBudget('budget-race-2', 1, now)]);
    expect(racing.filter((result) => result.spent)).toHaveLength(1);
    expect(racing.find((result) => !result.spent)).toEqual({ spent: false, used: 1 });
    expect(api.invalidBodies).toEqual([]);
  });

  it('is allowed exactly the verbs and resources it used by the RBAC Role of the kustomize component', () => {
    const role = parse(readFileSync(join(ROOT, 'deploy/k8s/components/remediate/role.yaml'), 'utf8')) as {
      rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    };
    const granted = new Set(
      role.rules.flatMap((rule) =>
        rule.apiGroups.flatMap((group) =>
          rule.resources.flatMap((resource) => rule.verbs.map((verb) => `${group} ${resource} ${verb}`))
        )
      )
    );
    const used = new Set(
      api.calls.map(
        (call) => `${call.group} ${call.resource}${call.subresource ? `/${call.subresource}` : ''} ${call.verb}`
      )
    );
    expect([...used].sort()).toEqual([...granted].sort());
  });
});
