import { createServer, type Server } from 'node:http';
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Scale } from 'kubernetes-models/autoscaling/v1';
import { Lease } from 'kubernetes-models/coordination.k8s.io/v1';
import { LOOPBACK } from '../stack/freePort';

type Obj = Record<string, any>;

/** One request as RBAC sees it: verb, API group, resource and subresource. */
export interface ApiCall {
  verb: 'get' | 'create' | 'update' | 'patch';
  group: string;
  resource: string;
  subresource?: string;
  status: number;
}

const WORKLOAD_MODELS: Record<string, new (data: any) => { validate(): void }> = {
  deployments: Deployment,
  statefulsets: StatefulSet,
  daemonsets: DaemonSet,
};
const KINDS: Record<string, string> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
};

function workload(resource: string, namespace: string, name: string): Obj {
  const labels = { app: name };
  const spec: Obj = {
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
  };
  if (resource !== 'daemonsets') {
    spec.replicas = 2;
  }
  if (resource === 'statefulsets') {
    spec.serviceName = name;
  }
  return { apiVersion: 'apps/v1', kind: KINDS[resource], metadata: { name, namespace, resourceVersion: '1' }, spec };
}

function merge(target: Obj, patch: Obj): Obj {
  const result: Obj = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    result[key] =
      value && typeof value === 'object' && !Array.isArray(value) && typeof target[key] === 'object'
        ? merge(target[key], value)
        : value;
  }
  return result;
}

/**
 * The subset of the Kubernetes API `vigil remediate` uses: workload patches (strategic merge), the scale
 * subresource (get, merge patch) and Leases (get, create, update with resourceVersion: 409 when stale).
 * Each body is checked against the kubernetes-models schema of its kind; a bad one gets 422 and fails the test.
 */
export class KubernetesApiServer {
  readonly calls: ApiCall[] = [];
  readonly objects = new Map<string, Obj>();
  readonly invalidBodies: string[] = [];
  private server: Server | undefined;
  private version = 100;
  private readonly interference = new Map<string, (lease: Obj) => Obj>();
  url = '';

  constructor(namespace: string, workloads: Array<[string, string]>) {
    for (const [resource, name] of workloads) {
      this.objects.set(`apps/${resource}/${namespace}/${name}`, workload(resource, namespace, name));
    }
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [status, body] = this.handle(
          request.method ?? 'GET',
          request.url ?? '/',
          request.headers['content-type'],
          text
        );
        response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, LOOPBACK, resolve));
    const address = this.server.address();
    this.url = `http://${LOOPBACK}:${typeof address === 'object' && address ? address.port : 0}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * Another writer: just before the next create or update of the Lease reaches it, `change` is applied to the
   * stored Lease (a new resourceVersion), as if another replica had written it between that request's read and
   * its write.
   */
  interfereBeforeNextWrite(namespace: string, leaseName: string, change: (lease: Obj) => Obj): void {
    this.interference.set(`coordination.k8s.io/leases/${namespace}/${leaseName}`, change);
  }

  private validate(model: new (data: any) => { validate(): void }, object: Obj): string | undefined {
    try {
      new model(object).validate();
      return undefined;
    } catch (error) {
      this.invalidBodies.push(`${object.kind}: ${(error as Error).message}`);
      return (error as Error).message;
    }
  }

  private handle(method: string, url: string, contentType: string | undefined, text: string): [number, Obj] {
    const verb = ({ GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch' } as const)[method as 'GET'];
    const apps =
      /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|statefulsets|daemonsets)\/([^/]+)(\/scale)?$/.exec(url);
    const lease = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?$/.exec(url);
    const record = (group: string, resource: string, subresource: string | undefined, result: [number, Obj]) => {
      this.calls.push({ verb, group, resource, ...(subresource ? { subresource } : {}), status: result[0] });
      return result;
    };
    if (apps) {
      const [, namespace, resource, name, scale] = apps;
      return record(
        'apps',
        resource,
        scale ? 'scale' : undefined,
        this.workload(verb, namespace, resource, name, Boolean(scale), contentType, text)
      );
    }
    if (lease) {
      return record('coordination.k8s.io', 'leases', undefined, this.lease(verb, lease[1], lease[2], text));
    }
    return [404, { kind: 'Status', message: `no route ${method} ${url}` }];
  }

  private workload(
    verb: string,
    namespace: string,
    resource: string,
    name: string,
    scale: boolean,
    contentType: string | undefined,
    text: string
  ): [number, Obj] {
    const key = `apps/${resource}/${namespace}/${name}`;
    const current = this.objects.get(key);
    if (!current) {
      return [404, { kind: 'Status', reason: 'NotFound', message: `${resource} "${name}" not found` }];
    }
    const scaleOf = (object: Obj): Obj => ({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name, namespace, resourceVersion: object.metadata.resourceVersion },
      spec: { replicas: object.spec.replicas },
      status: { replicas: object.spec.replicas },
    });
    if (verb === 'get' && scale) {
      return [200, scaleOf(current)];
    }
    if (verb !== 'patch') {
      return [405, { kind: 'Status', message: 'method not allowed' }];
    }
    const patch = JSON.parse(text) as Obj;
    if (scale) {
      if (contentType !== 'application/merge-patch+json') {
        return [415, { kind: 'Status', message: `scale patch as ${contentType}` }];
      }
      const merged = merge(scaleOf(current), patch);
      const invalid = this.validate(Scale, merged);
      if (invalid) {
        return [422, { kind: 'Status', message: invalid }];
      }
      const updated: Obj = { ...current, spec: { ...current.spec, replicas: merged.spec.replicas } };
      updated.metadata = { ...current.metadata, resourceVersion: String(++this.version) };
      this.objects.set(key, updated);
      return [200, scaleOf(updated)];
    }
    if (contentType !== 'application/strategic-merge-patch+json') {
      return [415, { kind: 'Status', message: `workload patch as ${contentType}` }];
    }
    const merged = merge(current, patch);
    const invalid = this.validate(WORKLOAD_MODELS[resource], merged);
    if (invalid) {
      return [422, { kind: 'Status', message: invalid }];
    }
    merged.metadata = { ...merged.metadata, resourceVersion: String(++this.version) };
    this.objects.set(key, merged);
    return [200, merged];
  }

  private lease(verb: string, namespace: string, name: string | undefined, text: string): [number, Obj] {
    const key = (leaseName: string) => `coordination.k8s.io/leases/${namespace}/${leaseName}`;
    if (verb === 'get') {
      const current = name ? this.objects.get(key(name)) : undefined;
      return current
        ? [200, current]
        : [404, { kind: 'Status', reason: 'NotFound', message: `leases "${name}" not found` }];
    }
    const body = JSON.parse(text) as Obj;
    const invalid = this.validate(Lease, body);
    if (invalid) {
      return [422, { kind: 'Status', message: invalid }];
    }
    const leaseName = name ?? body.metadata.name;
    const change = this.interference.get(key(leaseName));
    const stored = this.objects.get(key(leaseName));
    if (change && stored) {
      this.interference.delete(key(leaseName));
      const changed = change(stored);
      this.objects.set(key(leaseName), {
        ...changed,
        metadata: { ...changed.metadata, resourceVersion: String(++this.version) },
      });
    }
    const current = this.objects.get(key(leaseName));
    if (verb === 'create') {
      if (current) {
        return [409, { kind: 'Status', reason: 'AlreadyExists', message: `leases "${leaseName}" already exists` }];
      }
    } else if (verb === 'update') {
      if (!current) {
        return [404, { kind: 'Status', reason: 'NotFound', message: `leases "${leaseName}" not found` }];
      }
      if (body.metadata.resourceVersion !== current.metadata.resourceVersion) {
        return [409, { kind: 'Status', reason: 'Conflict', message: 'the object has been modified' }];
      }
    } else {
      return [405, { kind: 'Status', message: 'method not allowed' }];
    }
    const written = { ...body, metadata: { ...body.metadata, namespace, resourceVersion: String(++this.version) } };
    this.objects.set(key(leaseName), written);
    return [verb === 'create' ? 201 : 200, written];
  }
}
