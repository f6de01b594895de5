import { z } from 'zod';
import type { DetectorSpec } from '../detectorSpec';
import { StateError } from '../pipeline/state';
import { CounterReading, counterReadingStateSchema } from '../preprocess/counterReading';
import { parseSpecParams } from '../specParams';
import { Artime, artimeStateSchema } from './artime';
import { Contextual, contextualStateSchema } from './contextual';
import { KnnCad, knnCadStateSchema } from './knnCad';
import { artimeParamsSchema, contextualParamsSchema, knnCadParamsSchema } from './streamParams';
import { ScorerDetector } from './scorerDetector';
import type { StreamKind } from './streamKindNames';

/** Versions of the saved state of each kind; a state of another version is refused and the detector refitted. */
const STATE_VERSIONS: Record<StreamKind, number> = { knn_cad: 1, contextual: 3, artime: 1 };

function scorerFor(spec: DetectorSpec, kind: StreamKind, saved?: unknown): KnnCad | Contextual | Artime {
  if (kind === 'knn_cad') {
    const params = parseSpecParams(spec, 'model', knnCadParamsSchema);
    return new KnnCad(params, saved === undefined ? undefined : knnCadStateSchema.parse(saved));
  }
  if (kind === 'artime') {
    const params = parseSpecParams(spec, 'model', artimeParamsSchema);
    return new Artime(params, saved === undefined ? undefined : artimeStateSchema.parse(saved));
  }
  const params = parseSpecParams(spec, 'model', contextualParamsSchema);
  return new Contextual(params, saved === undefined ? undefined : contextualStateSchema.parse(saved));
}

/** An unfitted detector of a streaming kind (`knn_cad`, `contextual`, `artime`). */
export function createStreamDetector(spec: DetectorSpec, kind: StreamKind): ScorerDetector {
  return new ScorerDetector(spec, kind, STATE_VERSIONS[kind], scorerFor(spec, kind));
}

/** Rebuilds a streaming kind's detector from its `toState()`; throws StateError when the state does not fit. */
export function restoreStreamDetector(spec: DetectorSpec, kind: StreamKind, state: unknown): ScorerDetector {
  const envelope = z
    .object({
      version: z.literal(STATE_VERSIONS[kind]),
      kind: z.literal(kind),
      scorer: z.unknown(),
      counter: counterReadingStateSchema.optional(),
    })
    .safeParse(state);
  if (!envelope.success) {
    throw new StateError(
      `not a state of the ${kind} detector (version ${STATE_VERSIONS[kind]}): ${envelope.error.issues[0].message}; refit the detector`
    );
  }
  const { scorer, counter } = envelope.data;
  // Before counters were read as rates by these kinds, a counter's state learned its raw samples.
  if (spec.counter !== (counter !== undefined)) {
    throw new StateError(
      `state of the ${kind} detector was saved ${counter ? 'for' : 'without'} a counter's rate, and detector ${spec.id} has counter: ${spec.counter}; refit the detector`
    );
  }
  try {
    return new ScorerDetector(
      spec,
      kind,
      STATE_VERSIONS[kind],
      scorerFor(spec, kind, scorer),
      counter && new CounterReading(counter)
    );
  } catch (error) {
    throw new StateError(
      `state of the ${kind} detector does not fit detector ${spec.id}: ${error instanceof Error ? error.message : String(error)}`
    );
  }
}
