import type { WorkloadKind } from '../../alerting/remediation';
import type { KubernetesApi, ScalableKind } from './kubernetesApi';

/** `kubectl rollout restart`: the pod template's restartedAt annotation set to now. */
export async function rolloutRestart(
  api: KubernetesApi,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  now: Date
): Promise<string> {
  await api.restartWorkload(kind, namespace, name, now);
  return `restarted ${kind} ${namespace}/${name}`;
}

/** `kubectl scale`: the scale subresource's replicas set. */
export async function scaleWorkload(
  api: KubernetesApi,
  kind: ScalableKind,
  namespace: string,
  name: string,
  replicas: number
): Promise<string> {
  const previous = await api.readReplicas(kind, namespace, name);
  await api.patchReplicas(kind, namespace, name, replicas);
  return `scaled ${kind} ${namespace}/${name} from ${previous} to ${replicas} replicas`;
}
