import { IsolationForest } from '../models/isolationForest';
import { CALIBRATION_ROWS, evenlySpacedRows, sampleRows } from '../pipeline/fitModel';
import { type JointScorer, sharesOf } from './jointScorer';
import { expectedGivenOthers, fitWhitening, whiten, type Whitening } from './whitening';

const FOREST = { trees: 100, sampleSize: 256 };

/**
 * An isolation forest over the decorrelated joint vector (whitening.ts). A metric's contribution is how much
 * the raw score drops when that metric alone takes the value the others make most likely.
 */
export class ForestJointScorer implements JointScorer {
  private readonly whitened: Float64Array;
  private readonly parts: Float64Array;

  private constructor(
    readonly whitening: Whitening,
    /** The whitened training rows the forest was built from. */
    readonly reservoir: Float32Array,
    private readonly forest: IsolationForest
  ) {
    this.whitened = new Float64Array(whitening.dims);
    this.parts = new Float64Array(whitening.dims);
  }

  /** Fits on standardised rows; returns the scorer and the raw scores of evenly spaced rows, for calibration. */
  static fit(rows: Float64Array, dims: number, seed: number): { scorer: ForestJointScorer; rawScores: Float64Array } {
    const whitening = fitWhitening(rows, dims);
    const count = rows.length / dims;
    const whitened = new Float64Array(rows.length);
    for (let i = 0; i < count; i++) {
      whiten(whitening, rows.subarray(i * dims, (i + 1) * dims), whitened.subarray(i * dims, (i + 1) * dims));
    }
    const reservoir = sampleRows(whitened, dims, seed);
    const scorer = ForestJointScorer.restore(whitening, reservoir, seed);
    return { scorer, rawScores: scorer.forest.score(evenlySpacedRows(whitened, dims, CALIBRATION_ROWS)) };
  }

  /** The forest is rebuilt from its training rows and the seed: the state stays small and restores exactly. */
  static restore(whitening: Whitening, reservoir: Float32Array, seed: number): ForestJointScorer {
    const forest = IsolationForest.fit(Float64Array.from(reservoir), whitening.dims, { ...FOREST, seed });
    return new ForestJointScorer(whitening, reservoir, forest);
  }

  score(row: Float64Array): number {
    return this.forest.scoreOne(whiten(this.whitening, row, this.whitened));
  }

  explain(row: Float64Array, raw: number, shares: Float64Array, usual: Float64Array): void {
    for (let m = 0; m < row.length; m++) {
      usual[m] = expectedGivenOthers(this.whitening, row, m);
      const kept = row[m];
      row[m] = usual[m];
      this.parts[m] = Math.max(0, raw - this.score(row));
      row[m] = kept;
    }
    sharesOf(this.parts, shares);
  }
}
