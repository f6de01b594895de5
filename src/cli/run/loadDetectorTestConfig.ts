import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type VigilConfig } from '../config/loadConfig';

/**
 * For the run tests over a fake Prometheus at http://prom.test: a config in a fresh directory with one detector,
 * `load` (1m steps, 2h of training, 10m scored a run, min_points 30), of `kind`, and any `extra` top-level lines.
 */
export function loadDetectorTestConfig(kind: string, extra: string[] = []): { dir: string; config: VigilConfig } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-run-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    [
      'prometheus_url: http://prom.test',
      ...extra,
      `model_path: ${join(dir, 'state')}`,
      'min_points: 30',
      'detectors:',
      `  - { id: load, name: Load, query: load, step: 1m, trainingWindow: 2h, scoringWindow: 10m, model: { kind: ${kind} } }`,
    ].join('\n')
  );
  return { dir, config: loadConfig(file, { env: {} }) };
}
