import type { DetectionResult } from '../detection';
import { type DetectorSpec, NEURAL_MODEL_KINDS } from '../detectorSpec';
import { z } from 'zod';
import type { NeuralKind } from '../neural/networks';
import { minNeuralRows, NeuralScorer, neuralStateSchema } from '../neural/neuralScorer';
import { runToEnd } from '../neural/runToEnd';
import type { TrainingProgress } from '../neural/trainNetwork';
import { calibrate, calibrationFrom, calibrationSchema, type Calibration } from '../pipeline/calibration';
import { pipelineConfig, thresholdFor } from '../pipeline/config';
import { seriesSelector } from '../series';
import { parseSpecParams } from '../specParams';
import { base64ToFloat32, float32ToBase64 } from '../util/base64';
import { MAD_TO_SIGMA, madOfSorted, medianOfSorted } from '../util/robust';
import { ForestJointScorer } from './forestJointScorer';
import type { JointScorer } from './jointScorer';
import type { JoinedSeries } from './joinSeries';
import { type MultivariateKind, multivariateParamsSchemas } from './multivariateParams';
import { NeuralJointScorer } from './neuralJointScorer';
import { formatNumber } from '../util/formatNumber';

/** The scores of one target's joined metrics; `values` are the first (primary) metric's. */
export interface MultivariateResult extends DetectionResult {
  labels: Record<string, string>;
  metrics: string[];
  /**
   * Per point and metric (row-major, points x metrics): each metric's share of an anomalous point's score
   * (forest: how much the score drops when that metric alone is set to its usual value; window networks: its
   * share of the reconstruction error), summing to 1; 0 elsewhere.
   */
  contributions: Float64Array;
}

const standardisationShape = {
  kind: z.literal('multivariate'),
  version: z.literal(2),
  metrics: z.array(z.string()).min(1),
  centers: z.array(z.number()),
  scales: z.array(z.number()),
  calibration: calibrationSchema,
};

/**
 * Version 2 keeps the forest's training rows (at most 256, float32) instead of the forest's nodes: the forest
 * is rebuilt from them and the seed, so the state stays a few KiB and restores exactly. A window network's
 * state (`network`) holds its 8-bit weights and the last rows of its window instead.
 */
export const multivariateStateSchema = z.union([
  z.object({
    ...standardisationShape,
    transform: z.array(z.number()),
    precision: z.array(z.number()),
    reservoir: z.string(),
  }),
  z.object({ ...standardisationShape, network: neuralStateSchema }).strict(),
]);

export type MultivariateState = z.output<typeof multivariateStateSchema>;

const MIN_TRAINING_ROWS = 32;

/**
 * A model over the joint vector of a target's metrics, each standardised by its training median and MAD: an
 * isolation forest over the decorrelated vector (the default), or, with `model.kind` a neural kind, that
 * window network over windows of the vector. A point is anomalous when the combination is rare, even if
 * every metric alone is in its usual range. Scores are calibrated like the univariate kinds and compared with
 * the spec's threshold.
 */
export class MultivariateDetector {
  private constructor(
    readonly spec: DetectorSpec,
    private readonly metrics: string[],
    private readonly centers: Float64Array,
    private readonly scales: Float64Array,
    private readonly calibration: Calibration,
    private readonly scorer: ForestJointScorer | NeuralJointScorer
  ) {}

  /** The fewest points with every metric that `fit` takes: fewer and it throws. */
  static minTrainingRows(spec: DetectorSpec): number {
    const kind = neuralKindOf(spec);
    return kind
      ? Math.max(MIN_TRAINING_ROWS, minNeuralRows(pipelineConfig(spec, kind).neural!.length))
      : MIN_TRAINING_ROWS;
  }

  static fit(spec: DetectorSpec, history: JoinedSeries): MultivariateDetector {
    return runToEnd(MultivariateDetector.fitSteps(spec, history));
  }

  /**
   * `fit` in steps, for hosts that show training progress: a window network yields after each epoch; the
   * forest fits in one go and yields nothing.
   */
  static *fitSteps(spec: DetectorSpec, history: JoinedSeries): Generator<TrainingProgress, MultivariateDetector> {
    const dims = history.metrics.length;
    const centers = new Float64Array(dims);
    const scales = new Float64Array(dims);
    history.values.forEach((values, m) => {
      const sorted = values.filter(Number.isFinite).sort();
      centers[m] = medianOfSorted(sorted);
      const mad = MAD_TO_SIGMA * madOfSorted(sorted, centers[m]);
      scales[m] = mad > 0 ? mad : Math.max(Math.abs(centers[m]) * 1e-3, 1e-9);
    });
    const rows = standardised(history, centers, scales);
    const needed = MultivariateDetector.minTrainingRows(spec);
    if (rows.count < needed) {
      throw new Error(
        `detector ${spec.id}: multivariate: ${rows.count} points have every metric; at least ${needed} are needed to fit`
      );
    }
    const kind = neuralKindOf(spec);
    let fitted: { scorer: ForestJointScorer | NeuralJointScorer; rawScores: Float64Array };
    if (kind) {
      try {
        fitted = yield* NeuralJointScorer.fitSteps(pipelineConfig(spec, kind).neural!, rows.data, dims);
      } catch (error) {
        throw new Error(`detector ${spec.id}: multivariate: ${(error as Error).message}`);
      }
    } else {
      fitted = ForestJointScorer.fit(rows.data, dims, seedOf(spec));
    }
    return new MultivariateDetector(
      spec,
      [...history.metrics],
      centers,
      scales,
      calibrationFrom(fitted.rawScores),
      fitted.scorer
    );
  }

  /** Rebuilds a fitted detector from `toState()`; throws when the state is of another version or corrupt. */
  static fromState(spec: DetectorSpec, input: unknown): MultivariateDetector {
    const state = multivariateStateSchema.parse(input);
    const dims = state.metrics.length;
    if (state.centers.length !== dims || state.scales.length !== dims) {
      throw new Error(`multivariate state: arrays do not match its ${dims} metrics`);
    }
    let scorer: ForestJointScorer | NeuralJointScorer;
    if ('network' in state) {
      const network = NeuralScorer.fromState(state.network);
      if (network.arch.dims !== dims) {
        throw new Error(`multivariate state: its network takes ${network.arch.dims} metrics, not ${dims}`);
      }
      scorer = new NeuralJointScorer(network);
    } else {
      const reservoir = base64ToFloat32(state.reservoir);
      const square = dims * dims;
      if (
        state.transform.length !== square ||
        state.precision.length !== square ||
        reservoir.length === 0 ||
        reservoir.length % dims !== 0
      ) {
        throw new Error(`multivariate state: arrays do not match its ${dims} metrics`);
      }
      const whitening = {
        dims,
        transform: Float64Array.from(state.transform),
        precision: Float64Array.from(state.precision),
      };
      scorer = ForestJointScorer.restore(whitening, reservoir, seedOf(spec));
    }
    return new MultivariateDetector(
      spec,
      state.metrics,
      Float64Array.from(state.centers),
      Float64Array.from(state.scales),
      state.calibration,
      scorer
    );
  }

  toState(): MultivariateState {
    const standardisation = {
      kind: 'multivariate' as const,
      version: 2 as const,
      metrics: this.metrics,
      centers: Array.from(this.centers),
      scales: Array.from(this.scales),
      calibration: this.calibration,
    };
    const { scorer } = this;
    if (scorer instanceof NeuralJointScorer) {
      return { ...standardisation, network: scorer.network.toState() };
    }
    return {
      ...standardisation,
      transform: Array.from(scorer.whitening.transform),
      precision: Array.from(scorer.whitening.precision),
      reservoir: float32ToBase64(scorer.reservoir),
    };
  }

  /**
   * Scores every point of a target's joined metrics (the metrics it was fitted on, in any order). A window
   * network carries its window on from the points it saw last (see `toState`).
   */
  score(joined: JoinedSeries): MultivariateResult {
    const order = this.metrics.map((name) => joined.metrics.indexOf(name));
    if (order.includes(-1)) {
      throw new Error(
        `detector ${this.spec.id}: multivariate: fitted on ${this.metrics.join(', ')}, given ${joined.metrics.join(', ')}`
      );
    }
    const dims = this.metrics.length;
    const n = joined.timestamps.length;
    const threshold = thresholdFor(this.spec.sensitivity);
    const scores = new Float64Array(n);
    const anomalies = new Uint8Array(n);
    const contributions = new Float64Array(n * dims);
    const explanations: Array<string | null> = new Array(n).fill(null);
    const row = new Float64Array(dims);
    const usual = new Float64Array(dims);
    const scorer: JointScorer = this.scorer;
    for (let i = 0; i < n; i++) {
      let complete = true;
      for (let m = 0; m < dims; m++) {
        row[m] = (joined.values[order[m]][i] - this.centers[m]) / this.scales[m];
        complete &&= Number.isFinite(row[m]);
      }
      if (!complete) {
        continue;
      }
      const raw = scorer.score(row);
      scores[i] = calibrate(this.calibration, raw);
      if (scores[i] >= threshold) {
        anomalies[i] = 1;
        const shares = contributions.subarray(i * dims, (i + 1) * dims);
        scorer.explain(row, raw, shares, usual);
        explanations[i] = this.explain(joined.labels, row, shares, usual);
      }
    }
    const nan = () => new Float64Array(n).fill(NaN);
    return {
      labels: joined.labels,
      metrics: this.metrics,
      timestamps: joined.timestamps,
      values: joined.values[order[0]],
      scores,
      anomalies,
      expected: nan(),
      lower: nan(),
      upper: nan(),
      explanations,
      drift: [],
      threshold,
      contributions,
    };
  }

  private explain(
    labels: Record<string, string>,
    row: Float64Array,
    shares: Float64Array,
    usual: Float64Array
  ): string {
    const target = seriesSelector(labels);
    const parts = this.metrics
      .map((name, m) => ({ name, m, share: shares[m] }))
      .sort((a, b) => b.share - a.share)
      .filter((part, rank) => rank < 3 && part.share >= 0.05)
      .map(({ name, m, share }) => {
        const value = this.centers[m] + row[m] * this.scales[m];
        const expected = this.centers[m] + usual[m] * this.scales[m];
        return `${name} ${formatNumber(value, 3)} (usual with the others: ${formatNumber(expected, 3)}; ${Math.round(share * 100)}%)`;
      });
    return `Unusual combination for ${target}: ${parts.join(', ')}`;
  }
}

function neuralKindOf(spec: DetectorSpec): NeuralKind | null {
  const kind = spec.model.kind;
  return (NEURAL_MODEL_KINDS as readonly string[]).includes(kind) ? (kind as NeuralKind) : null;
}

/** The seed in the spec's `model.params`, read as its kind reads them under a multivariate block. */
function seedOf(spec: DetectorSpec): number {
  return parseSpecParams(spec, 'model', multivariateParamsSchemas[spec.model.kind as MultivariateKind]).seed;
}

function standardised(
  joined: JoinedSeries,
  centers: Float64Array,
  scales: Float64Array
): { data: Float64Array; count: number } {
  const dims = joined.metrics.length;
  const data = new Float64Array(joined.timestamps.length * dims);
  let count = 0;
  for (let i = 0; i < joined.timestamps.length; i++) {
    let complete = true;
    for (let m = 0; m < dims; m++) {
      const z = (joined.values[m][i] - centers[m]) / scales[m];
      data[count * dims + m] = z;
      complete &&= Number.isFinite(z);
    }
    count += complete ? 1 : 0;
  }
  return { data: data.subarray(0, count * dims), count };
}
