import type { Detector } from '../detection';
import { type DetectorSpec, parseDetectorSpec } from '../detectorSpec';
import { type PipelineConfig, pipelineConfig } from './config';
import { SeriesDetector } from './seriesDetector';
import { applyState } from './state';
import { DefaultDetector } from '../default/defaultDetector';

/**
 * What each model kind runs. `default` is the engine's best general composition: the isolation
 * forest over the spec's features, with the seasonal band's score folded in.
 * (The tuned default detector, when it lands in src/engine/default/, replaces this one line.)
 */
function configFor(spec: DetectorSpec): PipelineConfig {
  switch (spec.model.kind) {
    case 'default':
      return pipelineConfig(spec, 'isolation_forest', true);
    case 'isolation_forest':
      return pipelineConfig(spec, 'isolation_forest', false);
    case 'seasonal_baseline':
      return pipelineConfig(spec, 'seasonal_baseline', false);
    case 'half_space_trees':
      return pipelineConfig(spec, 'half_space_trees', false);
  }
}

/** Builds an unfitted detector from a spec (validated here: bad keys throw DetectorSpecError). */
export function createDetector(spec: DetectorSpec | unknown): Detector {
  const valid = parseDetectorSpec(spec);
  if (valid.model.kind === 'default') {
    return new DefaultDetector(valid);
  }
  return new SeriesDetector(valid, configFor(valid));
}

/** Rebuilds a detector from `toState()` output; scores continue bit for bit. Throws StateError. */
export function restoreDetector(spec: DetectorSpec | unknown, state: unknown): Detector {
  const valid = parseDetectorSpec(spec);
  if (valid.model.kind === 'default') {
    return DefaultDetector.restore(valid, state);
  }
  const detector = new SeriesDetector(valid, configFor(valid));
  applyState(detector, state);
  return detector;
}
