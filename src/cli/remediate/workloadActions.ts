import type { KubernetesApi } from './kubernetesApi';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

const PLURAL: Record<WorkloadKind, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

export function workloadPath(kind: WorkloadKind, namespace: string, name: string): string {
  return `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${PLURAL[kind]}/${encodeURIComponent(name)}`;
}

/** `kubectl rollout restart`: a strategic-merge patch of the pod template's restartedAt annotation. */
export async function rolloutRestart(
  api: KubernetesApi,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  now: Date
): Promise<string> {
  const patch = {
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } },
  };
  await api.call('PATCH', workloadPath(kind, namespace, name), patch, 'application/strategic-merge-patch+json');
  return `restarted ${kind} ${namespace}/${name}`;
}

/** `kubectl scale`: a merge patch of the scale subresource's replicas. */
export async function scaleWorkload(
  api: KubernetesApi,
  kind: Exclude<WorkloadKind, 'DaemonSet'>,
  namespace: string,
  name: string,
  replicas: number
): Promise<string> {
  const path = `${workloadPath(kind, namespace, name)}/scale`;
  const before = await api.call('GET', path);
  const previous = (before.body.spec as { replicas?: number } | undefined)?.replicas ?? 0;
  await api.call('PATCH', path, { spec: { replicas } }, 'application/merge-patch+json');
  return `scaled ${kind} ${namespace}/${name} from ${previous} to ${replicas} replicas`;
}
