import { featureDims, writeFeatures } from '../features/features';
import { RecentWindow } from '../features/recentWindow';
import { HalfSpaceTrees } from '../models/halfSpaceTrees';
import { IsolationForest } from '../models/isolationForest';
import { detectPeriod, type Period } from '../seasonal/period';
import { type SeasonalProfile, fitProfile } from '../seasonal/profile';
import { fitNeural, type NeuralScorer } from '../neural/neuralScorer';
import { runToEnd } from '../neural/runToEnd';
import type { TrainingProgress } from '../neural/trainNetwork';
import { Random } from '../util/random';
import { MAD_TO_SIGMA, median } from '../util/robust';
import { type Calibration, calibrationFrom } from './calibration';
import { bandScore, type PipelineConfig } from './config';
import { NUMERIC_FLOOR, emptyMeasures, measurePoint } from './pointContext';

/** Everything learned from history. The forest is rebuilt from `reservoir` and the seed on restore. */
export interface FittedModel {
  trainedOn: number;
  profile: SeasonalProfile | null;
  floor: number;
  diffScale: number;
  valueCenter: number;
  valueScale: number;
  calibration: Calibration;
  reservoir: Float32Array | null;
  /** The level window as it stands after the training data (with a profile only). */
  levelWindow: RecentWindow | null;
  forest: IsolationForest | null;
  hst: HalfSpaceTrees | null;
  /** The window network (neural kinds), with its standardisation and recent rows. */
  neural: NeuralScorer | null;
}

/** Feature rows kept for the forest: at most 256, and at most 6 KiB as float32 (state stays small). */
const RESERVOIR_BYTES = 6144;
/** Training rows scored for calibration (evenly spaced), so refits stay cheap on long histories. */
export const CALIBRATION_ROWS = 2048;

function choosePeriod(config: PipelineConfig, timestamps: Float64Array, values: Float64Array): Period | null {
  if (config.seasonality === 'none') {
    return null;
  }
  const span = timestamps.length > 1 ? timestamps[timestamps.length - 1] - timestamps[0] : 0;
  if (config.seasonality === 'daily' || config.seasonality === 'weekly') {
    const needed = config.seasonality === 'daily' ? 86_400_000 : 604_800_000;
    return span >= needed - config.stepMs ? config.seasonality : null;
  }
  return detectPeriod(timestamps, values, config.stepMs);
}

/** The series' scale: the root mean square of its values (0 only for a series of zeros). */
function scaleOf(values: Float64Array): number {
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    squares += values[i] * values[i];
  }
  return values.length > 0 ? Math.sqrt(squares / values.length) : 0;
}

function noiseLevel(values: Float64Array): { floor: number; diffScale: number } {
  const n = values.length;
  // Never 0: on a series of zeros the first other value is a jump after a flat stretch, not 0 / 0.
  const tiny = Math.max(NUMERIC_FLOOR * scaleOf(values), Number.MIN_VALUE);
  if (n < 2) {
    return { floor: tiny, diffScale: tiny };
  }
  const changes = new Float64Array(n - 1);
  let sum = 0;
  for (let i = 1; i < n; i++) {
    changes[i - 1] = Math.abs(values[i] - values[i - 1]);
    sum += changes[i - 1];
  }
  let diffScale = MAD_TO_SIGMA * median(changes);
  if (!(diffScale > 0)) {
    diffScale = (1.2533 * sum) / (n - 1);
  }
  if (!Number.isFinite(diffScale) || !(diffScale > tiny)) {
    diffScale = Number.isFinite(diffScale) && diffScale > tiny ? diffScale : tiny;
  }
  return { floor: Math.max(tiny, (0.5 * diffScale) / Math.SQRT2), diffScale };
}

/** Fits the scorer of `config.model` on history (finite values only, oldest first); `previous` is the profile in use. */
export function fitModel(
  config: PipelineConfig,
  timestamps: Float64Array,
  values: Float64Array,
  previous: SeasonalProfile | null = null
): FittedModel {
  return runToEnd(fitModelSteps(config, timestamps, values, previous));
}

/** `fitModel` in steps: a neural kind yields after each training epoch; the other kinds fit in one step. */
export function* fitModelSteps(
  config: PipelineConfig,
  timestamps: Float64Array,
  values: Float64Array,
  previous: SeasonalProfile | null = null
): Generator<TrainingProgress, FittedModel> {
  const n = values.length;
  const period = choosePeriod(config, timestamps, values);
  // A post-drift window is usually too short to show a season again: keep the shape learned before.
  const profile = period ? fitProfile(timestamps, values, period, config.stepMs) : previous;
  const { floor, diffScale } = noiseLevel(values);
  const valueCenter = median(values);
  const valueSpread = MAD_TO_SIGMA * median(values.map((x) => Math.abs(x - valueCenter)));
  const valueScale = valueSpread > floor ? valueSpread : floor;

  const dims = featureDims(config.features);
  const skip = Math.min(Math.floor(config.window / 2), Math.floor(n / 4));
  const rowCount = n - skip;
  const rows = new Float64Array(rowCount * dims);
  const bandScores = new Float64Array(rowCount);
  const window = new RecentWindow(config.window);
  const levelWindow = profile ? new RecentWindow(config.window) : null;
  const measures = emptyMeasures();
  const point = { timestamp: 0, value: 0, diff: 0, rollingZ: 0, residualZ: 0 };
  for (let i = 0; i < n; i++) {
    measurePoint(window, levelWindow, profile, floor, timestamps[i], values[i], measures);
    if (i >= skip) {
      point.timestamp = timestamps[i];
      point.value = values[i];
      point.diff = measures.diff;
      point.rollingZ = measures.rollingZ;
      point.residualZ = measures.residualZ;
      writeFeatures(config.features, point, rows, (i - skip) * dims);
      bandScores[i - skip] = bandScore(measures.residualZ);
    }
    window.push(values[i]);
    levelWindow?.push(values[i] - measures.seasonal);
  }

  const model: FittedModel = {
    trainedOn: n,
    profile,
    floor,
    diffScale,
    valueCenter: Number.isFinite(valueCenter) ? valueCenter : 0,
    valueScale,
    calibration: calibrationFrom(bandScores),
    reservoir: null,
    levelWindow,
    forest: null,
    hst: null,
    neural: null,
  };
  if (config.model === 'isolation_forest') {
    model.reservoir = sampleRows(rows, dims, config.seed);
    model.forest = forestFromReservoir(config, model.reservoir, dims);
    model.calibration = calibrationFrom(model.forest.score(evenlySpacedRows(rows, dims, CALIBRATION_ROWS)));
  } else if (config.model === 'half_space_trees') {
    const { trees, scores } = fitHalfSpaceTrees(config, rows, dims);
    model.hst = trees;
    model.calibration = calibrationFrom(scores);
  } else if (config.neural) {
    const fitted = yield* fitNeural(config.neural, rows, dims);
    if (fitted) {
      model.neural = fitted.scorer;
      model.calibration = calibrationFrom(fitted.rawScores);
    }
  }
  return model;
}

export function forestFromReservoir(config: PipelineConfig, reservoir: Float32Array, dims: number): IsolationForest {
  return IsolationForest.fit(Float64Array.from(reservoir), dims, {
    trees: config.trees,
    sampleSize: config.sampleSize,
    seed: config.seed,
  });
}

/** A seeded random subset of the rows (in their original order), rounded to float32 for compact state. */
export function sampleRows(rows: Float64Array, dims: number, seed: number): Float32Array {
  const count = rows.length / dims;
  const keep = Math.min(count, 256, Math.max(16, Math.floor(RESERVOIR_BYTES / (4 * dims))));
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  const random = new Random(seed ^ 0x5bd1e995);
  for (let i = 0; i < keep; i++) {
    const j = i + random.nextInt(count - i);
    const swap = indices[i];
    indices[i] = indices[j];
    indices[j] = swap;
  }
  const chosen = indices.subarray(0, keep).sort();
  const reservoir = new Float32Array(keep * dims);
  for (let k = 0; k < keep; k++) {
    reservoir.set(rows.subarray(chosen[k] * dims, chosen[k] * dims + dims), k * dims);
  }
  return reservoir;
}

export function evenlySpacedRows(rows: Float64Array, dims: number, limit: number): Float64Array {
  const count = rows.length / dims;
  if (count <= limit) {
    return rows;
  }
  const out = new Float64Array(limit * dims);
  for (let k = 0; k < limit; k++) {
    const row = Math.floor((k * count) / limit);
    out.set(rows.subarray(row * dims, row * dims + dims), k * dims);
  }
  return out;
}

/** Work space from the rows' range; every row is scored, then learned, as it would be online. */
function fitHalfSpaceTrees(
  config: PipelineConfig,
  rows: Float64Array,
  dims: number
): { trees: HalfSpaceTrees; scores: Float64Array } {
  const count = rows.length / dims;
  const lows = new Array<number>(dims).fill(Infinity);
  const highs = new Array<number>(dims).fill(-Infinity);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dims; d++) {
      const x = rows[i * dims + d];
      lows[d] = Math.min(lows[d], x);
      highs[d] = Math.max(highs[d], x);
    }
  }
  for (let d = 0; d < dims; d++) {
    if (!Number.isFinite(lows[d]) || !Number.isFinite(highs[d])) {
      lows[d] = 0;
      highs[d] = 1;
    }
  }
  const windowSize = Math.min(config.hstWindowSize, Math.max(16, count));
  const trees = new HalfSpaceTrees(dims, lows, highs, {
    trees: config.trees,
    height: config.hstHeight,
    windowSize,
    seed: config.seed,
  });
  const scores: number[] = [];
  for (let i = 0; i < count; i++) {
    const score = trees.scoreAndLearn(rows, i * dims);
    if (i >= windowSize) {
      scores.push(score);
    }
  }
  return { trees, scores: Float64Array.from(scores) };
}
