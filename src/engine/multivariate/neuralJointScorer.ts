import { type FeatureDetail, fitNeural, type NeuralOptions, NeuralScorer } from '../neural/neuralScorer';
import type { TrainingProgress } from '../neural/trainNetwork';
import { type JointScorer, sharesOf } from './jointScorer';

/**
 * A window network (autoencoder, VAE or LSTM autoencoder) over windows of the joint vector: it learns how the
 * metrics move together over the last `length` steps. A metric's contribution is its share of the newest
 * row's reconstruction error, and its usual value is the network's reconstruction of it.
 */
export class NeuralJointScorer implements JointScorer {
  private readonly detail: FeatureDetail;

  constructor(readonly network: NeuralScorer) {
    const { dims } = network.arch;
    this.detail = { errors: new Float64Array(dims), reconstructed: new Float64Array(dims) };
  }

  /**
   * Trains on standardised rows, one epoch per step; returns the scorer and the raw scores of the training
   * windows, for calibration. Throws when the rows hold fewer than two windows' worth.
   */
  static *fitSteps(
    options: NeuralOptions,
    rows: Float64Array,
    dims: number
  ): Generator<TrainingProgress, { scorer: NeuralJointScorer; rawScores: Float64Array }> {
    const fitted = yield* fitNeural(options, rows, dims);
    if (!fitted) {
      throw new Error(`${options.kind}: too few joint points for windows of ${options.length}`);
    }
    return { scorer: new NeuralJointScorer(fitted.scorer), rawScores: fitted.rawScores };
  }

  score(row: Float64Array): number {
    return this.network.scoreAndLearn(row, 0, this.detail);
  }

  explain(_row: Float64Array, _raw: number, shares: Float64Array, usual: Float64Array): void {
    sharesOf(this.detail.errors, shares);
    usual.set(this.detail.reconstructed);
  }
}
