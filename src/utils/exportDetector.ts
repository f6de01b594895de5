import { stringify } from 'yaml';
import type { DetectorSpec } from '../engine/detectorSpec';

/** The detectors as the CLI's config.yaml expects them: a `detectors:` list of detector specs, unchanged. */
export function detectorsConfigYaml(specs: DetectorSpec[]): string {
  return stringify({ detectors: specs });
}

/** A ready Kubernetes ConfigMap holding that config.yaml, for the CronJob to mount. */
export function detectorsConfigMapYaml(specs: DetectorSpec[], name = 'vigil-config'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'vigil', 'app.kubernetes.io/component': 'detectors' } },
    data: { 'config.yaml': detectorsConfigYaml(specs) },
  });
}
