import type { DetectorSpec } from './detectorSpec';
import type { TrainingProgress } from './neural/trainNetwork';
import type { Series } from './series';

/** A change in the data's distribution, found by ADWIN or Page-Hinkley on the spec's drift stream. */
export interface DriftEvent {
  index: number;
  timestamp: number;
  method: DetectorSpec['drift']['method'];
  stream: DetectorSpec['drift']['stream'];
}

/** Per-point results of scoring a series; arrays are aligned with the scored series' timestamps. */
export interface DetectionResult {
  timestamps: Float64Array;
  /** The values scored, which the band is of: the samples, or with `counter: true` their per-second rate. */
  values: Float64Array;
  /** Anomaly score in [0,1]; never NaN (a point that cannot be scored gets 0). */
  scores: Float64Array;
  /** 1 where the point is anomalous (score at or above the threshold), else 0. */
  anomalies: Uint8Array;
  /** Expected value and band; NaN where the model has none. */
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Why a point is anomalous, in words a user understands; null for normal points. */
  explanations: Array<string | null>;
  drift: DriftEvent[];
  threshold: number;
}

/** The result for one point from the streaming API. */
export interface PointResult {
  timestamp: number;
  /** The value scored: the sample, or with `counter: true` its per-second rate. */
  value: number;
  score: number;
  anomaly: boolean;
  expected: number;
  lower: number;
  upper: number;
  explanation: string | null;
  drift: DriftEvent | null;
}

/** A point that was not scored (a missing value, warm-up): score 0, no band, no explanation. */
export function unscoredPoint(timestamp: number, value: number): PointResult {
  return {
    timestamp,
    value,
    score: 0,
    anomaly: false,
    expected: NaN,
    lower: NaN,
    upper: NaN,
    explanation: null,
    drift: null,
  };
}

export type TrainingListener = (progress: TrainingProgress, trainingPoints: number) => void;

/** Serialised fitted state: versioned JSON; restoring it gives bit-identical scores. */
export interface DetectorState {
  version: number;
  kind: DetectorSpec['model']['kind'];
  [key: string]: unknown;
}

/**
 * A detector built from a spec. Scoring is causal: a point's score depends only on points up to it.
 * `fit` trains on history; `score` scores a batch that follows it; `update` scores one new point.
 */
export interface Detector {
  readonly spec: DetectorSpec;
  fit(history: Series): void;
  /** `fit` in small steps with progress (kinds that train for long: the neural ones), where the kind has it. */
  fitSteps?(history: Series): Generator<TrainingProgress, void>;
  /**
   * Calls `listener` after each training step of the refits that scoring triggers (the neural kinds' epochs),
   * with the number of points trained on, where the kind trains in steps.
   */
  observeTraining?(listener: TrainingListener): void;
  score(series: Series): DetectionResult;
  update(timestamp: number, value: number): PointResult;
  toState(): DetectorState;
}
