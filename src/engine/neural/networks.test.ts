import { NEURAL_KINDS, Reconstructor, initialWeights, trainingLoss, weightShapes, type Architecture } from './networks';
import { tf } from './tensorflow';
import { Random } from '../util/random';

/** The plain-TypeScript inference must compute what TF.js trained: same reconstruction loss on a batch. */
describe.each(NEURAL_KINDS)('%s inference matches the TF.js training graph', (kind) => {
  it('gives the same loss on random windows', () => {
    const arch: Architecture = { kind, length: 6, dims: 3, hidden: 5, latent: 2 };
    const random = new Random(11);
    const weights = initialWeights(arch, 4).map((w) => w.map(() => random.next() - 0.5));
    const rows = 7;
    const size = arch.length * arch.dims;
    const batch = Float32Array.from({ length: rows * size }, () => 2 * random.next() - 1);
    const variables = weights.map((w, k) => tf.variable(tf.tensor(w, weightShapes(arch)[k][1])));
    const zeroNoise = tf.zeros([rows, arch.latent]) as tf.Tensor2D;
    const loss = trainingLoss(arch, variables, tf.tensor2d(batch, [rows, size]), zeroNoise);
    const network = new Reconstructor(arch, weights);
    let squares = 0;
    let kl = 0;
    for (let r = 0; r < rows; r++) {
      const window = Float64Array.from(batch.subarray(r * size, (r + 1) * size));
      const out = network.reconstruct(window);
      out.forEach((value, i) => (squares += (value - window[i]) ** 2));
      if (kind === 'vae') {
        kl += klOf(arch, weights, window);
      }
    }
    const expected = squares / (rows * size) + (kind === 'vae' ? (0.01 / size) * (kl / rows) : 0);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    variables.forEach((v) => v.dispose());
  });
});

/** The VAE's KL term for one window, from the encoder's mean and log-variance. */
function klOf(arch: Architecture, w: Float32Array[], window: Float64Array): number {
  const h = Array.from({ length: arch.hidden }, (_, j) =>
    Math.tanh(w[1][j] + window.reduce((sum, x, i) => sum + x * w[0][i * arch.hidden + j], 0))
  );
  let kl = 0;
  for (let k = 0; k < arch.latent; k++) {
    const mean = w[3][k] + h.reduce((sum, x, j) => sum + x * w[2][j * arch.latent + k], 0);
    const logVariance = Math.max(
      -8,
      Math.min(8, w[5][k] + h.reduce((sum, x, j) => sum + x * w[4][j * arch.latent + k], 0))
    );
    kl += -0.5 * (1 + logVariance - mean * mean - Math.exp(logVariance));
  }
  return kl;
}

describe('initial weights', () => {
  it('are seeded: the same seed gives the same weights, another seed others', () => {
    const arch: Architecture = { kind: 'autoencoder', length: 4, dims: 2, hidden: 4, latent: 2 };
    expect(initialWeights(arch, 3)).toEqual(initialWeights(arch, 3));
    expect(initialWeights(arch, 3)[0]).not.toEqual(initialWeights(arch, 4)[0]);
  });
});
