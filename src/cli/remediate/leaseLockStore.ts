import { labelHash64 } from '../../alerting';
import type { LockHolder } from '../../alerting/remediation';
import { KubernetesApiError, type KubernetesApi } from './kubernetesApi';
import type { AcquireResult, LockStore } from './lockStore';

const ANNOTATION = 'vigil.dev/remediation-lock';
const LAST_ACTION = 'vigil.dev/last-action';
const MAX_CONFLICT_RETRIES = 3;

interface LeaseObject {
  metadata: {
    name: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string };
}

/** Lease name of a lock key: a hash, since targets hold characters a name may not. */
export function leaseName(key: string): string {
  return `vigil-remediate-${labelHash64(key)}`;
}

function holderOf(lease: LeaseObject): LockHolder | undefined {
  if (!lease.spec?.holderIdentity) {
    return undefined;
  }
  try {
    return JSON.parse(lease.metadata.annotations?.[ANNOTATION] ?? '') as LockHolder;
  } catch {
    return { fingerprint: '(unknown)', startsAt: '', lockedAt: lease.spec.acquireTime ?? '' };
  }
}

/**
 * Locks as coordination.k8s.io/v1 Leases: create, or update with the resourceVersion read, so of two replicas
 * acting at once exactly one wins (the other gets 409 Conflict and treats the lock as held).
 */
export class LeaseLockStore implements LockStore {
  readonly kind = 'lease';

  constructor(
    private readonly api: KubernetesApi,
    private readonly namespace: string,
    /** This replica (the pod's name). */
    private readonly identity: string
  ) {}

  private path(name?: string): string {
    const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.namespace)}/leases`;
    return name ? `${base}/${name}` : base;
  }

  private async read(name: string): Promise<LeaseObject | undefined> {
    const response = await this.api.call('GET', this.path(name), undefined, undefined, [404]);
    return response.status === 404 ? undefined : (response.body as unknown as LeaseObject);
  }

  async acquire(key: string, holder: LockHolder): Promise<AcquireResult> {
    const name = leaseName(key);
    const now = new Date().toISOString();
    const spec = { holderIdentity: this.identity, acquireTime: now, renewTime: now };
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.read(name);
      if (current && current.spec?.holderIdentity) {
        return { acquired: false, holder: holderOf(current) };
      }
      const lastAction = current?.metadata.annotations?.[LAST_ACTION];
      const annotations = {
        [ANNOTATION]: JSON.stringify(holder),
        'vigil.dev/lock-key': key.slice(0, 1000),
        ...(lastAction ? { [LAST_ACTION]: lastAction } : {}),
      };
      const lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name,
          namespace: this.namespace,
          labels: { 'app.kubernetes.io/managed-by': 'vigil-remediate' },
          annotations,
          ...(current ? { resourceVersion: current.metadata.resourceVersion } : {}),
        },
        spec,
      };
      const response = current
        ? await this.api.call('PUT', this.path(name), lease, undefined, [409])
        : await this.api.call('POST', this.path(), lease, undefined, [409]);
      if (response.status !== 409) {
        return { acquired: true, ...(lastAction ? { lastActionMs: Date.parse(lastAction) } : {}) };
      }
    }
    const latest = await this.read(name);
    return { acquired: false, holder: latest ? holderOf(latest) : undefined };
  }

  async noteAction(key: string, atMs: number): Promise<void> {
    const name = leaseName(key);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.read(name);
      if (!current) {
        return;
      }
      const noted = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          ...current.metadata,
          annotations: { ...current.metadata.annotations, [LAST_ACTION]: new Date(atMs).toISOString() },
        },
        spec: current.spec ?? {},
      };
      const response = await this.api.call('PUT', this.path(name), noted, undefined, [409]);
      if (response.status !== 409) {
        return;
      }
    }
  }

  async release(key: string, fingerprint: string): Promise<boolean> {
    const name = leaseName(key);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.read(name);
      if (!current || holderOf(current)?.fingerprint !== fingerprint) {
        return false;
      }
      const released = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name,
          namespace: this.namespace,
          resourceVersion: current.metadata.resourceVersion,
          labels: current.metadata.labels ?? {},
          annotations: Object.fromEntries(
            Object.entries(current.metadata.annotations ?? {}).filter(([annotation]) => annotation !== ANNOTATION)
          ),
        },
        spec: {},
      };
      const response = await this.api.call('PUT', this.path(name), released, undefined, [409]);
      if (response.status !== 409) {
        return true;
      }
    }
    throw new KubernetesApiError(409, `lease ${name}: kept changing while being released`);
  }
}
