import { z } from 'zod';
import type { DetectorState } from '../detection';
import { type DetectorSpec, MODEL_KINDS } from '../detectorSpec';
import { Adwin, adwinStateSchema } from '../drift/adwin';
import { PageHinkley, pageHinkleyStateSchema } from '../drift/pageHinkley';
import { featureDims } from '../features/features';
import { RecentWindow, recentWindowStateSchema } from '../features/recentWindow';
import { HalfSpaceTrees, halfSpaceTreesStateSchema } from '../models/halfSpaceTrees';
import { NeuralScorer, neuralStateSchema } from '../neural/neuralScorer';
import { CounterReading } from '../preprocess/counterReading';
import { base64ToFloat32, float32ToBase64 } from '../util/base64';
import { calibrationSchema } from './calibration';
import { type FittedModel, forestFromReservoir } from './fitModel';
import { History, historyStateSchema } from './history';
import type { SeriesDetector } from './seriesDetector';

/**
 * 2: the refit history is saved too (version 1 states restored without it and diverged at the next refit).
 * 3: the history is rounded below the noise and saved in varint steps; half-space trees save leaf masses only.
 */
export const DETECTOR_STATE_VERSION = 4;

/** A state that cannot be restored: wrong version, another detector's, or corrupt. */
export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateError';
  }
}

export interface StreamCounters {
  /** Points learned so far. */
  seen: number;
  /** Points since the last fit. */
  sinceFit: number;
  /** Point count at the last drift (a refit on what follows is pending), or -1. */
  driftAt: number;
}

const nullableNumber = z.number().nullable();

const modelStateSchema = z.object({
  trainedOn: z.number().int().nonnegative(),
  period: z.enum(['daily', 'weekly']).nullable(),
  levels: z.string(),
  scales: z.string(),
  floor: z.number(),
  diffScale: z.number(),
  valueCenter: z.number(),
  valueScale: z.number(),
  calibration: calibrationSchema,
  reservoir: z.string().nullable(),
  levelWindow: recentWindowStateSchema.nullable(),
  hst: halfSpaceTreesStateSchema.nullable(),
  neural: neuralStateSchema.nullable().default(null),
});

export const detectorStateSchema = z.object({
  format: z.literal('vigil-detector-state'),
  version: z.number(),
  kind: z.enum(MODEL_KINDS),
  configuration: z.string(),
  counters: z.object({
    seen: z.number().int().nonnegative(),
    sinceFit: z.number().int().nonnegative(),
    driftAt: z.number().int(),
    lastRawTime: nullableNumber,
    lastRaw: nullableNumber,
  }),
  window: recentWindowStateSchema,
  history: historyStateSchema,
  drift: z.union([
    z.object({ method: z.literal('adwin'), state: adwinStateSchema }),
    z.object({ method: z.literal('page_hinkley'), state: pageHinkleyStateSchema }),
    z.null(),
  ]),
  model: modelStateSchema.nullable(),
});
export type SerialisedDetectorState = z.infer<typeof detectorStateSchema>;

/** The spec fields the fitted state depends on; a state saved under other values is refused. */
export function configurationKey(spec: DetectorSpec): string {
  return JSON.stringify({
    model: spec.model,
    features: spec.features,
    step: spec.step,
    trainingWindow: spec.trainingWindow,
    seasonality: spec.seasonality,
    counter: spec.counter,
    drift: spec.drift,
  });
}

const toNullable = (value: number): number | null => (Number.isNaN(value) ? null : value);
const fromNullable = (value: number | null): number => (value === null ? NaN : value);

export function detectorStateFrom(detector: SeriesDetector): DetectorState {
  const { model, counters, counterReading, drift } = detector;
  const state: SerialisedDetectorState = {
    format: 'vigil-detector-state',
    version: DETECTOR_STATE_VERSION,
    kind: detector.spec.model.kind,
    configuration: configurationKey(detector.spec),
    counters: {
      ...counters,
      lastRawTime: toNullable(counterReading.last.atMs),
      lastRaw: toNullable(counterReading.last.value),
    },
    window: detector.window.toState(),
    history: detector.history.toState(),
    drift:
      drift instanceof Adwin
        ? { method: 'adwin', state: drift.toState() }
        : drift instanceof PageHinkley
          ? { method: 'page_hinkley', state: drift.toState() }
          : null,
    model: model
      ? {
          trainedOn: model.trainedOn,
          period: model.profile?.period ?? null,
          levels: float32ToBase64(Float32Array.from(model.profile?.levels ?? [])),
          scales: float32ToBase64(Float32Array.from(model.profile?.scales ?? [])),
          floor: model.floor,
          diffScale: model.diffScale,
          valueCenter: model.valueCenter,
          valueScale: model.valueScale,
          calibration: { ...model.calibration },
          reservoir: model.reservoir ? float32ToBase64(model.reservoir) : null,
          levelWindow: model.levelWindow ? model.levelWindow.toState() : null,
          hst: model.hst ? model.hst.toState() : null,
          neural: model.neural ? model.neural.toState() : null,
        }
      : null,
  };
  return state;
}

/** Loads a saved state into a fresh detector for the same spec; throws StateError when it does not fit. */
export function applyState(detector: SeriesDetector, input: unknown): void {
  const parsed = detectorStateSchema.safeParse(input);
  if (!parsed.success) {
    const versionOnly =
      input && typeof input === 'object' && 'version' in input ? (input as { version: unknown }).version : undefined;
    if (versionOnly !== undefined && versionOnly !== DETECTOR_STATE_VERSION) {
      throw new StateError(
        `detector state version ${String(versionOnly)} is not supported (expected ${DETECTOR_STATE_VERSION}); refit the detector`
      );
    }
    const issue = parsed.error.issues[0];
    throw new StateError(
      `detector state is corrupt: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`
    );
  }
  const state = parsed.data;
  if (state.version !== DETECTOR_STATE_VERSION) {
    throw new StateError(
      `detector state version ${state.version} is not supported (expected ${DETECTOR_STATE_VERSION}); refit the detector`
    );
  }
  if (state.kind !== detector.spec.model.kind || state.configuration !== configurationKey(detector.spec)) {
    throw new StateError(
      `detector state was saved for another configuration of detector "${detector.spec.id}"; refit the detector`
    );
  }
  try {
    const { lastRawTime, lastRaw, ...counters } = state.counters;
    detector.counters = counters;
    detector.counterReading = new CounterReading({ atMs: fromNullable(lastRawTime), value: fromNullable(lastRaw) });
    detector.window = RecentWindow.fromState(state.window);
    detector.history = History.fromState(state.history, detector.config.historyCapacity);
    if (detector.window.capacity !== detector.config.window) {
      throw new Error('rolling window size differs from the spec');
    }
    detector.drift =
      state.drift === null
        ? null
        : state.drift.method === 'adwin'
          ? Adwin.fromState(state.drift.state)
          : PageHinkley.fromState(state.drift.state);
    detector.model = state.model ? restoreModel(detector, state.model) : null;
  } catch (error) {
    if (error instanceof StateError) {
      throw error;
    }
    throw new StateError(`detector state is corrupt: ${(error as Error).message}`);
  }
}

function restoreModel(detector: SeriesDetector, state: z.infer<typeof modelStateSchema>): FittedModel {
  const dims = featureDims(detector.config.features);
  const reservoir = state.reservoir === null ? null : base64ToFloat32(state.reservoir);
  if (reservoir && (reservoir.length === 0 || reservoir.length % dims !== 0)) {
    throw new Error(`reservoir holds ${reservoir.length} numbers, not rows of ${dims} features`);
  }
  const levels = Float64Array.from(base64ToFloat32(state.levels));
  const scales = Float64Array.from(base64ToFloat32(state.scales));
  if (levels.length !== scales.length || (state.period !== null && (levels.length === 0 || !state.levelWindow))) {
    throw new Error('seasonal profile levels, scales and level window disagree');
  }
  return {
    trainedOn: state.trainedOn,
    profile: state.period ? { period: state.period, levels, scales } : null,
    floor: state.floor,
    diffScale: state.diffScale,
    valueCenter: state.valueCenter,
    valueScale: state.valueScale,
    calibration: { ...state.calibration },
    reservoir,
    levelWindow: state.levelWindow ? RecentWindow.fromState(state.levelWindow) : null,
    forest: reservoir ? forestFromReservoir(detector.config, reservoir, dims) : null,
    hst: state.hst ? HalfSpaceTrees.fromState(state.hst) : null,
    neural: state.neural ? NeuralScorer.fromState(state.neural) : null,
  };
}
