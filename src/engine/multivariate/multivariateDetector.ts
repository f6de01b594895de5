import type { DetectionResult } from '../detection';
import type { DetectorSpec } from '../detectorSpec';
import { z } from 'zod';
import { IsolationForest } from '../models/isolationForest';
import { calibrate, calibrationFrom, calibrationSchema, type Calibration } from '../pipeline/calibration';
import { thresholdFor } from '../pipeline/config';
import { CALIBRATION_ROWS, evenlySpacedRows, sampleRows } from '../pipeline/fitModel';
import { base64ToFloat32, float32ToBase64 } from '../util/base64';
import { MAD_TO_SIGMA, madOfSorted, medianOfSorted } from '../util/robust';
import type { JoinedSeries } from './joinSeries';
import { expectedGivenOthers, fitWhitening, whiten, type Whitening } from './whitening';

/** The scores of one target's joined metrics; `values` are the first (primary) metric's. */
export interface MultivariateResult extends DetectionResult {
  labels: Record<string, string>;
  metrics: string[];
  /**
   * Per point and metric (row-major, points x metrics): each metric's share of an anomalous point's score
   * (how much the score drops when that metric alone is set to its usual value), summing to 1; 0 elsewhere.
   */
  contributions: Float64Array;
}

/**
 * Version 2 keeps the forest's training rows (at most 256, float32) instead of the forest's nodes: the forest
 * is rebuilt from them and the seed, so the state stays a few KiB and restores exactly.
 */
export const multivariateStateSchema = z.object({
  kind: z.literal('multivariate'),
  version: z.literal(2),
  metrics: z.array(z.string()).min(1),
  centers: z.array(z.number()),
  scales: z.array(z.number()),
  calibration: calibrationSchema,
  transform: z.array(z.number()),
  precision: z.array(z.number()),
  reservoir: z.string(),
});

export type MultivariateState = z.output<typeof multivariateStateSchema>;

const FOREST = { trees: 100, sampleSize: 256 };

const MIN_TRAINING_ROWS = 32;

/**
 * An isolation forest over the joint vector of a target's metrics: each standardised by its training median
 * and MAD, then decorrelated (whitening.ts). A point is anomalous when the combination is rare, even if every
 * metric alone is in its usual range. Scores are calibrated like the univariate kinds and compared with the
 * spec's threshold.
 */
export class MultivariateDetector {
  private constructor(
    readonly spec: DetectorSpec,
    private readonly metrics: string[],
    private readonly centers: Float64Array,
    private readonly scales: Float64Array,
    private readonly calibration: Calibration,
    private readonly whitening: Whitening,
    /** The whitened training rows the forest was built from. */
    private readonly reservoir: Float32Array,
    private readonly forest: IsolationForest
  ) {
    this.whitened = new Float64Array(metrics.length);
  }

  /** Scratch row for whitened features. */
  private readonly whitened: Float64Array;

  static fit(spec: DetectorSpec, history: JoinedSeries): MultivariateDetector {
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
    if (rows.count < MIN_TRAINING_ROWS) {
      throw new Error(
        `detector ${spec.id}: multivariate: ${rows.count} points have every metric; at least ${MIN_TRAINING_ROWS} are needed to fit`
      );
    }
    const whitening = fitWhitening(rows.data, dims);
    const whitened = new Float64Array(rows.data.length);
    for (let i = 0; i < rows.count; i++) {
      whiten(whitening, rows.data.subarray(i * dims, (i + 1) * dims), whitened.subarray(i * dims, (i + 1) * dims));
    }
    const seed = seedOf(spec);
    const reservoir = sampleRows(whitened, dims, seed);
    const forest = forestFrom(reservoir, dims, seed);
    const calibration = calibrationFrom(forest.score(evenlySpacedRows(whitened, dims, CALIBRATION_ROWS)));
    return new MultivariateDetector(spec, [...history.metrics], centers, scales, calibration, whitening, reservoir, forest);
  }

  /** Rebuilds a fitted detector from `toState()`; throws when the state is of another version or corrupt. */
  static fromState(spec: DetectorSpec, input: unknown): MultivariateDetector {
    const state = multivariateStateSchema.parse(input);
    const dims = state.metrics.length;
    const reservoir = base64ToFloat32(state.reservoir);
    const square = dims * dims;
    if (
      state.centers.length !== dims ||
      state.scales.length !== dims ||
      state.transform.length !== square ||
      state.precision.length !== square ||
      reservoir.length === 0 ||
      reservoir.length % dims !== 0
    ) {
      throw new Error(`multivariate state: arrays do not match its ${dims} metrics`);
    }
    return new MultivariateDetector(
      spec,
      state.metrics,
      Float64Array.from(state.centers),
      Float64Array.from(state.scales),
      state.calibration,
      { dims, transform: Float64Array.from(state.transform), precision: Float64Array.from(state.precision) },
      reservoir,
      forestFrom(reservoir, dims, seedOf(spec))
    );
  }

  toState(): MultivariateState {
    return {
      kind: 'multivariate',
      version: 2,
      metrics: this.metrics,
      centers: Array.from(this.centers),
      scales: Array.from(this.scales),
      calibration: this.calibration,
      transform: Array.from(this.whitening.transform),
      precision: Array.from(this.whitening.precision),
      reservoir: float32ToBase64(this.reservoir),
    };
  }

  /** Scores every point of a target's joined metrics (the metrics it was fitted on, in any order). */
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
    for (let i = 0; i < n; i++) {
      let complete = true;
      for (let m = 0; m < dims; m++) {
        row[m] = (joined.values[order[m]][i] - this.centers[m]) / this.scales[m];
        complete &&= Number.isFinite(row[m]);
      }
      if (!complete) {
        continue;
      }
      const raw = this.rawScore(row);
      scores[i] = calibrate(this.calibration, raw);
      if (scores[i] >= threshold) {
        anomalies[i] = 1;
        this.contribute(row, raw, contributions.subarray(i * dims, (i + 1) * dims));
        explanations[i] = this.explain(joined.labels, row, contributions.subarray(i * dims, (i + 1) * dims));
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

  private rawScore(row: Float64Array): number {
    return this.forest.scoreOne(whiten(this.whitening, row, this.whitened));
  }

  /**
   * How much the raw score drops when one metric alone takes the value the others make most likely: the
   * metrics that broke the usual relation carry the score.
   */
  private contribute(row: Float64Array, raw: number, out: Float64Array): void {
    let total = 0;
    for (let m = 0; m < row.length; m++) {
      const kept = row[m];
      row[m] = expectedGivenOthers(this.whitening, row, m);
      out[m] = Math.max(0, raw - this.rawScore(row));
      row[m] = kept;
      total += out[m];
    }
    for (let m = 0; m < row.length; m++) {
      out[m] = total > 0 ? out[m] / total : 1 / row.length;
    }
  }

  private explain(labels: Record<string, string>, row: Float64Array, shares: Float64Array): string {
    const target = Object.entries(labels)
      .map(([name, value]) => `${name}="${value}"`)
      .join(', ');
    const parts = this.metrics
      .map((name, m) => ({ name, m, share: shares[m] }))
      .sort((a, b) => b.share - a.share)
      .filter((part, rank) => rank < 3 && part.share >= 0.05)
      .map(({ name, m, share }) => {
        const value = this.centers[m] + row[m] * this.scales[m];
        const usual = this.centers[m] + expectedGivenOthers(this.whitening, row, m) * this.scales[m];
        return `${name} ${formatValue(value)} (usual with the others: ${formatValue(usual)}; ${Math.round(share * 100)}%)`;
      });
    return `Unusual combination for ${target}: ${parts.join(', ')}`;
  }
}

function seedOf(spec: DetectorSpec): number {
  return typeof spec.model.params.seed === 'number' ? spec.model.params.seed : 1;
}

function forestFrom(reservoir: Float32Array, dims: number, seed: number): IsolationForest {
  return IsolationForest.fit(Float64Array.from(reservoir), dims, { ...FOREST, seed });
}

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
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
