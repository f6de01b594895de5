import type { Detector } from '../detection';
import { type DetectorSpec, parseDetectorSpec } from '../detectorSpec';
import { DefaultDetector } from '../default/defaultDetector';
import { pipelineConfig } from './config';
import { SeriesDetector } from './seriesDetector';
import { applyState } from './state';

/**
 * Where each model kind is built: `default` is the tuned default detector (src/engine/default/);
 * `isolation_forest`, `seasonal_baseline` and `half_space_trees` run in the engine's pipeline.
 */
function build(spec: DetectorSpec): DefaultDetector | SeriesDetector {
  const kind = spec.model.kind;
  return kind === 'default' ? new DefaultDetector(spec) : new SeriesDetector(spec, pipelineConfig(spec, kind));
}

/** Builds an unfitted detector from a spec (validated here: bad keys throw DetectorSpecError). */
export function createDetector(spec: DetectorSpec | unknown): Detector {
  return build(parseDetectorSpec(spec));
}

/** Rebuilds a detector from `toState()` output; scores continue bit for bit. Throws StateError. */
export function restoreDetector(spec: DetectorSpec | unknown, state: unknown): Detector {
  const valid = parseDetectorSpec(spec);
  if (valid.model.kind === 'default') {
    return DefaultDetector.restore(valid, state);
  }
  const detector = new SeriesDetector(valid, pipelineConfig(valid, valid.model.kind));
  applyState(detector, state);
  return detector;
}
