import { Random } from '../util/random';
import { normalQuantile } from '../util/normalQuantile';
import { tf } from './tensorflow';

import { NEURAL_MODEL_KINDS } from '../detectorSpec';

export const NEURAL_KINDS = NEURAL_MODEL_KINDS;
export type NeuralKind = (typeof NEURAL_KINDS)[number];

/** The shape of a network: windows of `length` rows of `dims` standardised features. */
export interface Architecture {
  kind: NeuralKind;
  length: number;
  dims: number;
  hidden: number;
  latent: number;
}

/** Names and shapes of each kind's weights, in the order they are stored. */
export function weightShapes(arch: Architecture): Array<[string, number[]]> {
  const { length, dims, hidden, latent } = arch;
  const input = length * dims;
  switch (arch.kind) {
    case 'autoencoder':
      return [
        ['encode', [input, hidden]],
        ['encodeBias', [hidden]],
        ['code', [hidden, latent]],
        ['codeBias', [latent]],
        ['decode', [latent, hidden]],
        ['decodeBias', [hidden]],
        ['output', [hidden, input]],
        ['outputBias', [input]],
      ];
    case 'vae':
      return [
        ['encode', [input, hidden]],
        ['encodeBias', [hidden]],
        ['mean', [hidden, latent]],
        ['meanBias', [latent]],
        ['logVariance', [hidden, latent]],
        ['logVarianceBias', [latent]],
        ['decode', [latent, hidden]],
        ['decodeBias', [hidden]],
        ['output', [hidden, input]],
        ['outputBias', [input]],
      ];
    case 'lstm_autoencoder':
      return [
        ['encoderKernel', [dims + hidden, 4 * hidden]],
        ['encoderBias', [4 * hidden]],
        ['decoderKernel', [hidden + hidden, 4 * hidden]],
        ['decoderBias', [4 * hidden]],
        ['output', [hidden, dims]],
        ['outputBias', [dims]],
      ];
  }
}

/** A standard normal draw. */
export function gaussian(random: Random): number {
  return normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, random.next())));
}

/** Seeded Glorot-normal kernels and zero biases (the LSTM's forget gate starts open through its +1 bias). */
export function initialWeights(arch: Architecture, seed: number): Float32Array[] {
  const random = new Random(seed ^ 0x2545f491);
  return weightShapes(arch).map(([, shape]) => {
    const size = shape.reduce((product, n) => product * n, 1);
    const weights = new Float32Array(size);
    if (shape.length === 2) {
      const std = Math.sqrt(2 / (shape[0] + shape[1]));
      for (let i = 0; i < size; i++) {
        weights[i] = std * gaussian(random);
      }
    }
    return weights;
  });
}

const FORGET_BIAS = 1;
/** Weight of the VAE's KL term per input number (a light prior keeps the code informative). */
const KL_WEIGHT = 0.01;

type Variables = tf.Variable[];

function dense(x: tf.Tensor2D, kernel: tf.Variable, bias: tf.Variable): tf.Tensor2D {
  return tf.add(tf.matMul(x, kernel as tf.Tensor2D), bias) as tf.Tensor2D;
}

/** The training loss of a batch of flattened windows [batch, length * dims], in TF.js (for autodiff). */
export function trainingLoss(
  arch: Architecture,
  w: Variables,
  batch: tf.Tensor2D,
  noise: tf.Tensor2D | null
): tf.Scalar {
  switch (arch.kind) {
    case 'autoencoder': {
      const h = tf.tanh(dense(batch, w[0], w[1]));
      const code = tf.tanh(dense(h, w[2], w[3]));
      const out = dense(tf.tanh(dense(code, w[4], w[5])), w[6], w[7]);
      return tf.losses.meanSquaredError(batch, out) as tf.Scalar;
    }
    case 'vae': {
      const h = tf.tanh(dense(batch, w[0], w[1]));
      const mean = dense(h, w[2], w[3]);
      const logVariance = tf.clipByValue(dense(h, w[4], w[5]), -8, 8);
      const code = tf.add(mean, tf.mul(tf.exp(tf.mul(logVariance, 0.5)), noise!));
      const out = dense(tf.tanh(dense(code as tf.Tensor2D, w[6], w[7])), w[8], w[9]);
      const kl = tf.mul(
        -0.5,
        tf.mean(tf.sum(tf.sub(tf.add(1, logVariance), tf.add(tf.square(mean), tf.exp(logVariance))), 1))
      );
      return tf.add(
        tf.losses.meanSquaredError(batch, out),
        tf.mul(KL_WEIGHT / (arch.length * arch.dims), kl)
      ) as tf.Scalar;
    }
    case 'lstm_autoencoder': {
      const rows = batch.shape[0];
      const steps = tf.unstack(tf.reshape(batch, [rows, arch.length, arch.dims]), 1) as tf.Tensor2D[];
      const forget = tf.scalar(FORGET_BIAS);
      let c = tf.zeros([rows, arch.hidden]) as tf.Tensor2D;
      let h = tf.zeros([rows, arch.hidden]) as tf.Tensor2D;
      for (const x of steps) {
        [c, h] = tf.basicLSTMCell(forget, w[0] as tf.Tensor2D, w[1] as tf.Tensor1D, x, c, h);
      }
      const summary = h;
      let dc = tf.zeros([rows, arch.hidden]) as tf.Tensor2D;
      let dh = tf.zeros([rows, arch.hidden]) as tf.Tensor2D;
      const outputs: tf.Tensor2D[] = [];
      for (let t = 0; t < arch.length; t++) {
        [dc, dh] = tf.basicLSTMCell(forget, w[2] as tf.Tensor2D, w[3] as tf.Tensor1D, summary, dc, dh);
        outputs.push(dense(dh, w[4], w[5]));
      }
      return tf.losses.meanSquaredError(batch, tf.concat(outputs, 1)) as tf.Scalar;
    }
  }
}

/** `out = act(x · kernel + bias)` on plain arrays (row vector x). */
function denseInto(
  x: Float64Array,
  kernel: Float32Array,
  bias: Float32Array,
  out: Float64Array,
  activation: ((v: number) => number) | null
): void {
  const inputs = x.length;
  const outputs = out.length;
  for (let j = 0; j < outputs; j++) {
    out[j] = bias[j];
  }
  for (let i = 0; i < inputs; i++) {
    const xi = x[i];
    if (xi === 0) {
      continue;
    }
    const offset = i * outputs;
    for (let j = 0; j < outputs; j++) {
      out[j] += xi * kernel[offset + j];
    }
  }
  if (activation) {
    for (let j = 0; j < outputs; j++) {
      out[j] = activation(out[j]);
    }
  }
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** One LSTM step as TF.js's basicLSTMCell computes it: gates i, j, f, o from [x, h] · kernel + bias. */
function lstmStep(
  x: Float64Array,
  kernel: Float32Array,
  bias: Float32Array,
  c: Float64Array,
  h: Float64Array,
  joined: Float64Array,
  gates: Float64Array
): void {
  const hidden = h.length;
  joined.set(x, 0);
  joined.set(h, x.length);
  denseInto(joined, kernel, bias, gates, null);
  for (let k = 0; k < hidden; k++) {
    const cell = sigmoid(gates[k]) * Math.tanh(gates[hidden + k]) + c[k] * sigmoid(FORGET_BIAS + gates[2 * hidden + k]);
    c[k] = cell;
    h[k] = Math.tanh(cell) * sigmoid(gates[3 * hidden + k]);
  }
}

/**
 * Inference in plain TypeScript from the trained weights: scoring one window costs microseconds, not a
 * TF.js op dispatch per layer, and restored weights give the same numbers wherever they run.
 */
export class Reconstructor {
  private readonly out: Float64Array;
  private readonly buffers: Float64Array[];

  constructor(
    readonly arch: Architecture,
    readonly weights: Float32Array[]
  ) {
    const { length, dims, hidden, latent } = arch;
    this.out = new Float64Array(length * dims);
    this.buffers = [
      new Float64Array(hidden),
      new Float64Array(latent),
      new Float64Array(hidden),
      new Float64Array(dims + hidden),
      new Float64Array(4 * hidden),
      new Float64Array(hidden),
      new Float64Array(2 * hidden),
      new Float64Array(dims),
    ];
  }

  /** The reconstruction of a flattened window (the VAE decodes its mean code). The array is reused. */
  reconstruct(window: Float64Array): Float64Array {
    const w = this.weights;
    const [h, code, decoded, joined, gates, c, decoderJoined, row] = this.buffers;
    switch (this.arch.kind) {
      case 'autoencoder':
        denseInto(window, w[0], w[1], h, Math.tanh);
        denseInto(h, w[2], w[3], code, Math.tanh);
        denseInto(code, w[4], w[5], decoded, Math.tanh);
        denseInto(decoded, w[6], w[7], this.out, null);
        break;
      case 'vae':
        denseInto(window, w[0], w[1], h, Math.tanh);
        denseInto(h, w[2], w[3], code, null);
        denseInto(code, w[6], w[7], decoded, Math.tanh);
        denseInto(decoded, w[8], w[9], this.out, null);
        break;
      case 'lstm_autoencoder': {
        const { length, dims } = this.arch;
        c.fill(0);
        h.fill(0);
        for (let t = 0; t < length; t++) {
          lstmStep(window.subarray(t * dims, t * dims + dims), w[0], w[1], c, h, joined, gates);
        }
        const summary = Float64Array.from(h);
        c.fill(0);
        decoded.fill(0);
        for (let t = 0; t < length; t++) {
          lstmStep(summary, w[2], w[3], c, decoded, decoderJoined, gates);
          denseInto(decoded, w[4], w[5], row, null);
          this.out.set(row, t * dims);
        }
        break;
      }
    }
    return this.out;
  }
}
