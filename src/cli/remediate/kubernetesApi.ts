import { existsSync, readFileSync } from 'node:fs';
import type {
  AppsV1Api,
  ConfigurationOptions,
  CoordinationV1Api,
  KubeConfig,
  ObservableMiddleware,
  RequestContext,
  ResponseContext,
  V1Lease,
  V1ObjectMeta,
} from '@kubernetes/client-node';
import type { WorkloadKind } from '../../alerting/remediation';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export type ScalableKind = Exclude<WorkloadKind, 'DaemonSet'>;

export class KubernetesApiError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

/** How long a Kubernetes request may go unanswered before it fails. */
export const KUBERNETES_REQUEST_TIMEOUT_MS = 15_000;

export interface KubernetesApiOptions {
  /** e.g. https://10.0.0.1:443; default: the in-cluster API (KubeConfig.loadFromCluster). */
  baseUrl?: string;
  env?: Record<string, string | undefined>;
  /** Directory holding the service account's token, ca.crt and namespace (used with `baseUrl`). */
  serviceAccountDir?: string;
  /** Per request; default KUBERNETES_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** A Lease as `vigil remediate` keeps it: its name, version, labels and annotations, and who holds it. */
export interface LeaseState {
  name: string;
  resourceVersion?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  holderIdentity?: string;
  acquireTime?: string;
  renewTime?: string;
}

interface Clients {
  apps: AppsV1Api;
  coordination: CoordinationV1Api;
  options: ConfigurationOptions;
  patchOptions: (contentType: string) => ConfigurationOptions;
  microTime: (iso: string) => Date;
}

/**
 * The Kubernetes calls `vigil remediate` makes (workload patches, the scale subresource, Leases), through
 * @kubernetes/client-node. The library is loaded on first use (or `preload()`): it takes a second to load, which
 * the other commands need not pay.
 */
export class KubernetesApi {
  /** The pod's namespace (from the service account), when running in a pod. */
  readonly podNamespace: string | undefined;
  private readonly configure: (config: KubeConfig) => void;
  private readonly timeoutMs: number;
  private clients: Promise<Clients> | undefined;

  constructor(options: KubernetesApiOptions = {}) {
    const env = options.env ?? process.env;
    const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT;
    const baseUrl = options.baseUrl?.replace(/\/+$/, '');
    if (!baseUrl && !env.KUBERNETES_SERVICE_HOST) {
      throw new KubernetesApiError(0, 'no Kubernetes API: set remediation.kubernetes.api_url or run in a pod');
    }
    this.timeoutMs = options.timeoutMs ?? KUBERNETES_REQUEST_TIMEOUT_MS;
    this.podNamespace = readOptional(`${dir}/namespace`)?.trim() || undefined;
    this.configure = baseUrl
      ? (config) =>
          config.loadFromClusterAndUser(
            {
              name: 'vigil',
              server: baseUrl,
              // client-node refuses plain http (e.g. `kubectl proxy`) unless told so; https is always verified.
              skipTLSVerify: baseUrl.startsWith('http:'),
              ...(existsSync(`${dir}/ca.crt`) ? { caFile: `${dir}/ca.crt` } : {}),
            },
            existsSync(`${dir}/token`)
              ? { name: 'vigil', authProvider: { name: 'tokenFile', config: { tokenFile: `${dir}/token` } } }
              : { name: 'vigil' }
          )
      : (config) => config.loadFromCluster();
  }

  /** Loads the library now rather than on the first call (which would then wait for it). */
  async preload(): Promise<void> {
    await this.load();
  }

  private load(): Promise<Clients> {
    this.clients ??= import('@kubernetes/client-node').then((k8s) => {
      const config = new k8s.KubeConfig();
      this.configure(config);
      const timeout: ObservableMiddleware = {
        pre: (request: RequestContext) => {
          request.setSignal(AbortSignal.timeout(this.timeoutMs));
          return new k8s.Observable(Promise.resolve(request));
        },
        post: (response: ResponseContext) => new k8s.Observable(Promise.resolve(response)),
      };
      const options: ConfigurationOptions = { middleware: [timeout], middlewareMergeStrategy: 'append' };
      return {
        apps: config.makeApiClient(k8s.AppsV1Api),
        coordination: config.makeApiClient(k8s.CoordinationV1Api),
        options,
        patchOptions: (contentType) => k8s.setHeaderOptions('Content-Type', contentType, options),
        microTime: (iso) => new k8s.V1MicroTime(iso),
      };
    });
    return this.clients;
  }

  /** `kubectl rollout restart`: a strategic-merge patch of the pod template's restartedAt annotation. */
  async restartWorkload(kind: WorkloadKind, namespace: string, name: string, at: Date): Promise<void> {
    const { apps, patchOptions } = await this.load();
    const body = {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at.toISOString() } } } },
    };
    const request = { name, namespace, body };
    const options = patchOptions('application/strategic-merge-patch+json');
    await this.call(`patch ${kind} ${namespace}/${name}`, () =>
      kind === 'Deployment'
        ? apps.patchNamespacedDeployment(request, options)
        : kind === 'StatefulSet'
          ? apps.patchNamespacedStatefulSet(request, options)
          : apps.patchNamespacedDaemonSet(request, options)
    );
  }

  /** The scale subresource's replicas. */
  async readReplicas(kind: ScalableKind, namespace: string, name: string): Promise<number> {
    const { apps, options } = await this.load();
    const scale = await this.call(`get ${kind} ${namespace}/${name}/scale`, () =>
      kind === 'Deployment'
        ? apps.readNamespacedDeploymentScale({ name, namespace }, options)
        : apps.readNamespacedStatefulSetScale({ name, namespace }, options)
    );
    return scale.spec?.replicas ?? 0;
  }

  /** `kubectl scale`: a merge patch of the scale subresource's replicas. */
  async patchReplicas(kind: ScalableKind, namespace: string, name: string, replicas: number): Promise<void> {
    const { apps, patchOptions } = await this.load();
    const request = { name, namespace, body: { spec: { replicas } } };
    const options = patchOptions('application/merge-patch+json');
    await this.call(`patch ${kind} ${namespace}/${name}/scale`, () =>
      kind === 'Deployment'
        ? apps.patchNamespacedDeploymentScale(request, options)
        : apps.patchNamespacedStatefulSetScale(request, options)
    );
  }

  /** The Lease, or undefined when there is none. */
  async readLease(namespace: string, name: string): Promise<LeaseState | undefined> {
    const { coordination, options } = await this.load();
    const lease = await this.call(
      `get Lease ${namespace}/${name}`,
      () => coordination.readNamespacedLease({ name, namespace }, options),
      [404]
    );
    return lease === 404 ? undefined : leaseState(lease);
  }

  /**
   * Creates the Lease (no `resourceVersion`) or replaces it (the `resourceVersion` read): 'conflict' when it
   * exists already or has changed since, i.e. another replica got there first.
   */
  async writeLease(namespace: string, lease: LeaseState): Promise<'written' | 'conflict'> {
    const { coordination, options, microTime } = await this.load();
    const body: V1Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: lease.name,
        namespace,
        labels: lease.labels,
        annotations: lease.annotations,
        ...(lease.resourceVersion ? { resourceVersion: lease.resourceVersion } : {}),
      },
      spec: {
        ...(lease.holderIdentity ? { holderIdentity: lease.holderIdentity } : {}),
        ...(lease.acquireTime ? { acquireTime: microTime(lease.acquireTime) } : {}),
        ...(lease.renewTime ? { renewTime: microTime(lease.renewTime) } : {}),
      },
    };
    const result = lease.resourceVersion
      ? await this.call(
          `update Lease ${namespace}/${lease.name}`,
          () => coordination.replaceNamespacedLease({ name: lease.name, namespace, body }, options),
          [409]
        )
      : await this.call(
          `create Lease ${namespace}/${lease.name}`,
          () => coordination.createNamespacedLease({ namespace, body }, options),
          [409]
        );
    return result === 409 ? 'conflict' : 'written';
  }

  /** One request; an error becomes one line naming the request and the API's own message. */
  private async call<T, S extends number = never>(
    what: string,
    send: () => Promise<T>,
    accept: S[] = []
  ): Promise<T | S> {
    try {
      return await send();
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && (accept as number[]).includes(status)) {
        return status as S;
      }
      throw new KubernetesApiError(status ?? 0, `${what}: ${describe(error, status, this.timeoutMs)}`);
    }
  }
}

function leaseState(lease: V1Lease): LeaseState {
  const metadata: V1ObjectMeta = lease.metadata ?? {};
  const time = (value: Date | string | undefined) =>
    value === undefined ? undefined : typeof value === 'string' ? value : value.toISOString();
  const acquireTime = time(lease.spec?.acquireTime);
  const renewTime = time(lease.spec?.renewTime);
  return {
    name: metadata.name ?? '',
    ...(metadata.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}),
    labels: metadata.labels ?? {},
    annotations: metadata.annotations ?? {},
    ...(lease.spec?.holderIdentity ? { holderIdentity: lease.spec.holderIdentity } : {}),
    ...(acquireTime ? { acquireTime } : {}),
    ...(renewTime ? { renewTime } : {}),
  };
}

/** The HTTP status of a client-node ApiException (`code`). */
function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** The API's Status message when it sent one; the transport's error otherwise; never more than a line. */
function describe(error: unknown, status: number | undefined, timeoutMs: number): string {
  if (status !== undefined) {
    const body = (error as { body?: unknown }).body;
    let message: unknown;
    try {
      message = (typeof body === 'string' ? JSON.parse(body) : body)?.message;
    } catch {
      message = typeof body === 'string' ? body.slice(0, 200) : undefined;
    }
    return oneLine(`${status} ${typeof message === 'string' && message ? message : 'no message'}`);
  }
  const name = (error as Error).name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  return oneLine((error as Error).message ?? String(error));
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
