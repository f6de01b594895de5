import { z } from 'zod';
import { decodeExact, encodeExact } from '../util/exactNumbers';
import { MAD_TO_SIGMA, median } from '../util/robust';
import { type Architecture, NEURAL_KINDS, Reconstructor, weightShapes } from './networks';
import { type TrainingOptions, type TrainingProgress, trainNetwork } from './trainNetwork';
import {
  decodeWeights,
  dequantiseWeights,
  encodeWeights,
  quantiseWeights,
  type QuantisedTensor,
} from './weightQuantisation';

/** Standardised features are clipped here, so one wild training point cannot dominate the loss. */
const CLIP = 8;
/** Windows scored to calibrate (evenly spaced), so calibration stays cheap on long histories. */
const CALIBRATION_WINDOWS = 2048;

export interface NeuralOptions extends TrainingOptions {
  kind: Architecture['kind'];
  length: number;
  hidden: number;
  latent: number;
  /** At most this many windows (evenly spaced over the history) are trained on. */
  maxWindows: number;
}

/** Per feature of the newest scored row: squared reconstruction error, and the value the network expected. */
export interface FeatureDetail {
  errors: Float64Array;
  reconstructed: Float64Array;
}

export const neuralStateSchema = z.object({
  kind: z.enum(NEURAL_KINDS),
  length: z.number().int().positive(),
  dims: z.number().int().positive(),
  hidden: z.number().int().positive(),
  latent: z.number().int().positive(),
  /** 8-bit levels per tensor (weightQuantisation.ts). */
  weights: z.array(z.string()),
  center: z.string(),
  scale: z.string(),
  errorScale: z.number().positive(),
  recent: z.string(),
  epochsRun: z.number().int().nonnegative(),
});
export type NeuralState = z.infer<typeof neuralStateSchema>;

/**
 * A trained window network as a scorer. Each point's feature row is standardised, appended to the
 * previous `length - 1` rows, and the window reconstructed; the raw score is the newest row's squared
 * reconstruction error e mapped to e / (e + median training error), in [0,1) for calibration.
 */
export class NeuralScorer {
  private readonly network: Reconstructor;
  private readonly window: Float64Array;
  private filled: number;

  constructor(
    readonly arch: Architecture,
    private readonly quantised: QuantisedTensor[],
    readonly center: Float64Array,
    readonly scale: Float64Array,
    readonly errorScale: number,
    recent: Float64Array,
    readonly epochsRun: number
  ) {
    this.network = new Reconstructor(arch, quantised.map(dequantiseWeights));
    this.window = new Float64Array(arch.length * arch.dims);
    const rows = recent.length / arch.dims;
    this.filled = rows;
    this.window.set(recent, (arch.length - 1 - rows) * arch.dims + arch.dims);
  }

  get weights(): Float32Array[] {
    return this.network.weights;
  }

  /**
   * Scores the row at `offset` of `rows` as the newest of its window, then keeps it for the next point. With
   * `detail`, also writes each feature's squared reconstruction error and its reconstructed value (in the
   * rows' units) there; both stay 0 while the first window fills.
   */
  scoreAndLearn(rows: Float64Array, offset: number, detail?: FeatureDetail): number {
    const { dims, length } = this.arch;
    const { window } = this;
    window.copyWithin(0, dims);
    const last = (length - 1) * dims;
    standardiseInto(rows, offset, this.center, this.scale, window, last);
    if (this.filled < length - 1) {
      this.filled++;
      detail?.errors.fill(0);
      detail?.reconstructed.fill(0);
      return 0;
    }
    const out = this.network.reconstruct(window);
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      const squared = (out[last + d] - window[last + d]) ** 2;
      sum += squared;
      if (detail) {
        detail.errors[d] = squared;
        detail.reconstructed[d] = this.center[d] + out[last + d] * this.scale[d];
      }
    }
    const error = sum / dims;
    return error / (error + this.errorScale);
  }

  toState(): NeuralState {
    const { dims, length } = this.arch;
    return {
      ...this.arch,
      weights: this.quantised.map(encodeWeights),
      center: encodeExact(this.center),
      scale: encodeExact(this.scale),
      errorScale: this.errorScale,
      recent: encodeExact(this.window.slice((length - this.filled) * dims)),
      epochsRun: this.epochsRun,
    };
  }

  static fromState(state: NeuralState): NeuralScorer {
    const arch: Architecture = {
      kind: state.kind,
      length: state.length,
      dims: state.dims,
      hidden: state.hidden,
      latent: state.latent,
    };
    const shapes = weightShapes(arch);
    const weights = state.weights.map(decodeWeights);
    if (
      weights.length !== shapes.length ||
      weights.some((w, k) => w.levels.length !== shapes[k][1].reduce((product, n) => product * n, 1))
    ) {
      throw new Error(`neural weights do not match a ${arch.kind} of ${arch.length}x${arch.dims}`);
    }
    const center = decodeExact(state.center);
    const scale = decodeExact(state.scale);
    const recent = decodeExact(state.recent);
    if (center.length !== arch.dims || scale.length !== arch.dims || recent.length > arch.length * arch.dims) {
      throw new Error('neural standardisation or recent rows do not match the feature count');
    }
    return new NeuralScorer(arch, weights, center, scale, state.errorScale, recent, state.epochsRun);
  }
}

function standardiseInto(
  rows: Float64Array,
  offset: number,
  center: Float64Array,
  scale: Float64Array,
  out: Float64Array,
  at: number
): void {
  for (let d = 0; d < center.length; d++) {
    const z = (rows[offset + d] - center[d]) / scale[d];
    out[at + d] = z > CLIP ? CLIP : z < -CLIP ? -CLIP : z === z ? z : 0;
  }
}

/** Per-feature median and robust spread of the training rows. */
function standardisation(rows: Float64Array, dims: number): { center: Float64Array; scale: Float64Array } {
  const count = rows.length / dims;
  const center = new Float64Array(dims);
  const scale = new Float64Array(dims);
  const column = new Float64Array(count);
  for (let d = 0; d < dims; d++) {
    for (let i = 0; i < count; i++) {
      column[i] = rows[i * dims + d];
    }
    center[d] = median(column) || 0;
    for (let i = 0; i < count; i++) {
      column[i] = Math.abs(column[i] - center[d]);
    }
    const spread = MAD_TO_SIGMA * median(column);
    scale[d] = spread > 1e-9 ? spread : 1;
  }
  return { center, scale };
}

/** Flattened windows starting at each of `starts` (row indices). */
function gatherWindows(standardised: Float64Array, dims: number, length: number, starts: Int32Array): Float64Array {
  const size = length * dims;
  const windows = new Float64Array(starts.length * size);
  starts.forEach((start, k) => windows.set(standardised.subarray(start * dims, start * dims + size), k * size));
  return windows;
}

function evenlySpacedStarts(available: number, limit: number): Int32Array {
  const count = Math.min(available, limit);
  return Int32Array.from({ length: count }, (_, k) => Math.floor((k * available) / count));
}

/** The fewest training rows `fitNeural` takes: 2 x `length` windows (of `length` consecutive rows) start in them. */
export function minNeuralRows(length: number): number {
  return 3 * length - 1;
}

/**
 * Trains the spec's network on the training feature rows, step by step (one epoch per yield). Returns
 * the scorer and the raw scores of the training windows' newest rows, for calibration; null when the
 * history holds fewer rows than two windows.
 */
export function* fitNeural(
  options: NeuralOptions,
  rows: Float64Array,
  dims: number
): Generator<TrainingProgress, { scorer: NeuralScorer; rawScores: Float64Array } | null> {
  const count = rows.length / dims;
  const { length } = options;
  if (count < minNeuralRows(length)) {
    return null;
  }
  const available = count - length + 1;
  const { center, scale } = standardisation(rows, dims);
  const standardised = new Float64Array(rows.length);
  for (let i = 0; i < count; i++) {
    standardiseInto(rows, i * dims, center, scale, standardised, i * dims);
  }
  const arch: Architecture = { kind: options.kind, length, dims, hidden: options.hidden, latent: options.latent };
  const training = gatherWindows(standardised, dims, length, evenlySpacedStarts(available, options.maxWindows));
  const trained = yield* trainNetwork(arch, training, training.length / (length * dims), options);

  const starts = evenlySpacedStarts(available, CALIBRATION_WINDOWS);
  const calibration = gatherWindows(standardised, dims, length, starts);
  const quantised = trained.weights.map(quantiseWeights);
  const network = new Reconstructor(arch, quantised.map(dequantiseWeights));
  const newest = new Float64Array(starts.length);
  const last = (length - 1) * dims;
  for (let k = 0; k < starts.length; k++) {
    const window = calibration.subarray(k * length * dims, (k + 1) * length * dims);
    const out = network.reconstruct(window);
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      sum += (out[last + d] - window[last + d]) ** 2;
    }
    newest[k] = sum / dims;
  }
  const errorScale = Math.max(1e-12, median(newest));
  const recent = standardised.slice((count - (length - 1)) * dims);
  const scorer = new NeuralScorer(arch, quantised, center, scale, errorScale, recent, trained.epochsRun);
  return { scorer, rawScores: newest.map((error) => error / (error + errorScale)) };
}
