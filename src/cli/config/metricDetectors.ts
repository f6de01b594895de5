import { createHash } from 'node:crypto';
import type { DetectorSpecInput } from '../../engine/detectorSpec';
import type { ConfigFile } from './schema';

/**
 * Maps the Python tool's `contamination` (expected fraction of anomalous points) to the engine's
 * sensitivity on a log scale: 0.001 -> 0.25, 0.01 -> 0.5 (the default), 0.1 -> 0.75.
 */
export function contaminationToSensitivity(contamination: number): number {
  const sensitivity = 0.5 + 0.25 * Math.log10(contamination / 0.01);
  return Math.min(1, Math.max(0, Math.round(sensitivity * 1000) / 1000));
}

/** A detector id derived from the query, so that reordering `metrics` keeps each detector's state. */
export function metricDetectorId(query: string): string {
  return `metric-${createHash('sha256').update(query).digest('hex').slice(0, 10)}`;
}

export function stepText(step: ConfigFile['step']): string | undefined {
  return typeof step === 'number' ? `${step}s` : step;
}

/** One detector spec per PromQL query of `metrics`, with the file's global settings. */
export function metricDetectorSpecs(config: ConfigFile): DetectorSpecInput[] {
  return config.metrics.map((query) => ({
    id: metricDetectorId(query),
    name: query,
    query,
    ...(config.step !== undefined ? { step: stepText(config.step) } : {}),
    ...(config.window_minutes !== undefined ? { trainingWindow: `${config.window_minutes}m` } : {}),
    ...(config.scoring_window !== undefined ? { scoringWindow: config.scoring_window } : {}),
    ...(config.contamination !== undefined ? { sensitivity: contaminationToSensitivity(config.contamination) } : {}),
    drift: { enabled: config.drift_detection },
  }));
}
