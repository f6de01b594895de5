import { stringify } from 'yaml';
import type { DetectorSpec } from '../engine/detectorSpec';

/** The detectors as the CLI's config.yaml expects them: a `detectors:` list of detector specs, unchanged. */
export function detectorsConfigYaml(specs: DetectorSpec[]): string {
  return stringify({ detectors: specs });
}

/**
 * A Kubernetes ConfigMap holding that config.yaml: the detectors alone, to merge into a deployment's config. Not
 * named vigil-config, which the Airflow DAG mounts as its whole config by default.
 */
export function detectorsConfigMapYaml(specs: DetectorSpec[], name = 'vigil-detectors'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'vigil', 'app.kubernetes.io/component': 'detectors' } },
    data: { 'config.yaml': detectorsConfigYaml(specs) },
  });
}
