import type { Detector } from '../detection';
import { type DetectorSpec, parseDetectorSpec } from '../detectorSpec';
import { DefaultDetector } from '../default/defaultDetector';
import { EnsembleDetector } from '../models/ensembleDetector';
import { createStreamDetector, restoreStreamDetector } from '../models/streamKinds';
import { isStreamKind } from '../models/streamKindNames';
import { isPipelineKind, type PipelineModel, pipelineConfig } from './config';
import { SeriesDetector } from './seriesDetector';
import { applyState } from './state';

/**
 * Where each model kind is built: `default` is the tuned default detector (src/engine/default/); `knn_cad`,
 * `contextual`, `artime` and `ensemble` are streaming scorers with constant-size state (src/engine/models/);
 * `isolation_forest`, `seasonal_baseline` and `half_space_trees` run in the engine's pipeline.
 */
function build(spec: DetectorSpec): Detector {
  const kind = spec.model.kind;
  if (kind === 'default') {
    return new DefaultDetector(spec);
  }
  if (kind === 'ensemble') {
    return EnsembleDetector.create(spec);
  }
  if (isPipelineKind(kind)) {
    return new SeriesDetector(spec, pipelineConfig(spec, kind));
  }
  return createStreamDetector(spec, kind);
}

/** Builds an unfitted detector from a spec (validated here: bad keys throw DetectorSpecError). */
export function createDetector(spec: DetectorSpec | unknown): Detector {
  return build(parseDetectorSpec(spec));
}

/** Rebuilds a detector from `toState()` output; scores continue bit for bit. Throws StateError. */
export function restoreDetector(spec: DetectorSpec | unknown, state: unknown): Detector {
  const valid = parseDetectorSpec(spec);
  const kind = valid.model.kind;
  if (kind === 'default') {
    return DefaultDetector.restore(valid, state);
  }
  if (kind === 'ensemble') {
    return EnsembleDetector.restore(valid, state);
  }
  if (isStreamKind(kind)) {
    return restoreStreamDetector(valid, kind, state);
  }
  const detector = new SeriesDetector(valid, pipelineConfig(valid, kind satisfies PipelineModel));
  applyState(detector, state);
  return detector;
}
