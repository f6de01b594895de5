import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubernetesApi, KubernetesApiError } from './kubernetesApi';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A server answering every request with `status` and `body` (or not at all), remembering what it got. */
async function fakeApi(
  status: number | 'never',
  body: unknown
): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (status !== 'never') {
        response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

// The first load of @kubernetes/client-node (transformed for Jest, cold in a fresh clone) takes seconds.
beforeAll(() => new KubernetesApi({ baseUrl: 'http://127.0.0.1:1', env: {} }).preload(), 120_000);

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function serviceAccount(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sa-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function apiAnswering(status: number | 'never', body: unknown, options: { timeoutMs?: number } = {}) {
  const fake = await fakeApi(status, body);
  servers.push(fake.server);
  const dir = serviceAccount({ token: 'sa-token', namespace: 'vigil\n' });
  return {
    api: new KubernetesApi({ baseUrl: fake.url, serviceAccountDir: dir, env: {}, ...options }),
    seen: fake.seen,
  };
}

async function errorOf(promise: Promise<unknown>): Promise<KubernetesApiError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown
  );
  expect(error).toBeInstanceOf(KubernetesApiError);
  return error as KubernetesApiError;
}

describe('KubernetesApi (@kubernetes/client-node)', () => {
  it('needs an API address outside a pod', () => {
    expect(() => new KubernetesApi({ env: {}, serviceAccountDir: serviceAccount({}) })).toThrow(
      'no Kubernetes API: set remediation.kubernetes.api_url or run in a pod'
    );
  });

  it('sends the rollout restart as a strategic-merge patch with the service account token', async () => {
    const { api, seen } = await apiAnswering(200, { kind: 'Deployment', metadata: { name: 'web' } });
    expect(api.podNamespace).toBe('vigil');
    await api.restartWorkload('Deployment', 'shop', 'web', new Date('2026-12-05T10:00:00Z'));
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('PATCH');
    expect(seen[0].url).toBe('/apis/apps/v1/namespaces/shop/deployments/web');
    expect(seen[0].headers['content-type']).toBe('application/strategic-merge-patch+json');
    expect(seen[0].headers.authorization).toBe('Bearer sa-token');
    expect(JSON.parse(seen[0].body)).toEqual({
      spec: {
        template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-12-05T10:00:00.000Z' } } },
      },
    });
  });

  it('writes Lease times with microseconds, and creates without a resourceVersion, replaces with one', async () => {
    const { api, seen } = await apiAnswering(200, { kind: 'Lease', metadata: { name: 'l' } });
    const lease = {
      name: 'l',
      labels: {},
      annotations: { a: 'b' },
      holderIdentity: 'pod-a',
      acquireTime: '2026-12-05T10:00:00.123Z',
    };
    expect(await api.writeLease('vigil', lease)).toBe('written');
    expect(await api.writeLease('vigil', { ...lease, resourceVersion: '7' })).toBe('written');
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /apis/coordination.k8s.io/v1/namespaces/vigil/leases',
      'PUT /apis/coordination.k8s.io/v1/namespaces/vigil/leases/l',
    ]);
    const body = JSON.parse(seen[1].body);
    expect(body.spec).toEqual({ holderIdentity: 'pod-a', acquireTime: '2026-12-05T10:00:00.123000Z' });
    expect(body.metadata).toMatchObject({
      name: 'l',
      namespace: 'vigil',
      resourceVersion: '7',
      annotations: { a: 'b' },
    });
  });

  it('reports a missing Lease as undefined and a 409 on write as a conflict', async () => {
    const missing = await apiAnswering(404, { kind: 'Status', reason: 'NotFound', message: 'leases "l" not found' });
    expect(await missing.api.readLease('vigil', 'l')).toBeUndefined();
    const conflict = await apiAnswering(409, { kind: 'Status', reason: 'Conflict', message: 'modified' });
    expect(
      await conflict.api.writeLease('vigil', { name: 'l', resourceVersion: '1', labels: {}, annotations: {} })
    ).toBe('conflict');
  });

  it("turns an API error into one line with the request and the API's message", async () => {
    const { api } = await apiAnswering(403, {
      kind: 'Status',
      message: 'deployments.apps "web" is forbidden: User "system:serviceaccount:vigil:vigil-remediate" cannot patch',
    });
    const error = await errorOf(api.restartWorkload('Deployment', 'shop', 'web', new Date()));
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'patch Deployment shop/web: 403 deployments.apps "web" is forbidden: User "system:serviceaccount:vigil:vigil-remediate" cannot patch'
    );
  });

  it('names an unreachable API and a silent one in one line', async () => {
    const dir = serviceAccount({});
    const closed = await fakeApi(200, {});
    await new Promise((resolve) => closed.server.close(resolve));
    const unreachable = new KubernetesApi({ baseUrl: closed.url, serviceAccountDir: dir, env: {} });
    const refused = await errorOf(unreachable.readReplicas('StatefulSet', 'shop', 'db'));
    expect(refused.message).toMatch(/^get StatefulSet shop\/db\/scale: .*ECONNREFUSED/);
    expect(refused.message).not.toContain('\n');
    const { api } = await apiAnswering('never', {}, { timeoutMs: 200 });
    const silent = await errorOf(api.readLease('vigil', 'l'));
    expect(silent.message).toBe('get Lease vigil/l: no answer within 200 ms');
  });
});
