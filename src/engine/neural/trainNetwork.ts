import { Random } from '../util/random';
import { type Architecture, gaussian, initialWeights, Reconstructor, trainingLoss, weightShapes } from './networks';
import { tf } from './tensorflow';

export interface TrainingOptions {
  seed: number;
  epochs: number;
  /** Epochs without a better held-out loss before training stops. */
  patience: number;
  batchSize: number;
  learningRate: number;
  /** Share of the windows, taken from the end, held out for early stopping. */
  holdOut: number;
}

/** What a training step reports (one step = one epoch). */
export interface TrainingProgress {
  epoch: number;
  epochs: number;
  trainLoss: number;
  heldOutLoss: number;
  /** True on the last step: the best weights are in the returned result. */
  done: boolean;
}

export interface TrainedNetwork {
  weights: Float32Array[];
  epochsRun: number;
  heldOutLoss: number;
}

/** Mean squared reconstruction error of each of `count` flattened windows. */
export function reconstructionErrors(network: Reconstructor, windows: Float64Array, count: number): Float64Array {
  const size = windows.length / count;
  const errors = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const window = windows.subarray(k * size, (k + 1) * size);
    const out = network.reconstruct(window);
    let sum = 0;
    for (let i = 0; i < size; i++) {
      sum += (out[i] - window[i]) ** 2;
    }
    errors[k] = sum / size;
  }
  return errors;
}

function meanOf(values: Float64Array): number {
  let sum = 0;
  for (const value of values) {
    sum += value;
  }
  return values.length ? sum / values.length : NaN;
}

/**
 * Trains a network on `count` flattened windows, one epoch per step of the generator, so that a host
 * can interleave other work and show progress. Seeded: the same windows and options give the same
 * weights. The last `holdOut` share of the windows (the most recent) is never trained on; training
 * stops when its loss has not improved for `patience` epochs, and the best epoch's weights are kept.
 */
export function* trainNetwork(
  arch: Architecture,
  windows: Float64Array,
  count: number,
  options: TrainingOptions
): Generator<TrainingProgress, TrainedNetwork> {
  const size = arch.length * arch.dims;
  const heldOut = count >= 8 ? Math.max(1, Math.floor(count * options.holdOut)) : 0;
  const trainCount = count - heldOut;
  const validation = windows.subarray(trainCount * size, count * size);
  const shapes = weightShapes(arch);
  const variables = initialWeights(arch, options.seed).map((weights, k) =>
    tf.variable(tf.tensor(weights, shapes[k][1], 'float32'), true, `vigil_${k}_${shapes[k][0]}`)
  );
  const optimizer = tf.train.adam(options.learningRate);
  const random = new Random(options.seed ^ 0x68e31da4);
  const order = Int32Array.from({ length: trainCount }, (_, i) => i);
  const batchSize = Math.min(options.batchSize, Math.max(1, trainCount));
  const batch = new Float32Array(batchSize * size);
  const noise = new Float32Array(batchSize * arch.latent);
  const snapshot = (): Float32Array[] => variables.map((variable) => Float32Array.from(variable.dataSync()));
  let best: TrainedNetwork = { weights: snapshot(), epochsRun: 0, heldOutLoss: Infinity };
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      for (let i = trainCount - 1; i > 0; i--) {
        const j = random.nextInt(i + 1);
        const swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start + batchSize <= trainCount; start += batchSize) {
        for (let b = 0; b < batchSize; b++) {
          const row = order[start + b];
          batch.set(windows.subarray(row * size, (row + 1) * size), b * size);
        }
        for (let k = 0; k < noise.length; k++) {
          noise[k] = gaussian(random);
        }
        lossSum += tf.tidy(() => {
          const input = tf.tensor2d(batch, [batchSize, size]);
          const epsilon = arch.kind === 'vae' ? tf.tensor2d(noise, [batchSize, arch.latent]) : null;
          const loss = optimizer.minimize(() => trainingLoss(arch, variables, input, epsilon), true, variables);
          return loss!.dataSync()[0];
        });
        batches++;
      }
      const weights = snapshot();
      const heldOutLoss = heldOut
        ? meanOf(reconstructionErrors(new Reconstructor(arch, weights), validation, heldOut))
        : lossSum / Math.max(1, batches);
      if (heldOutLoss < best.heldOutLoss) {
        best = { weights, epochsRun: epoch, heldOutLoss };
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      const done = epoch === options.epochs || sinceBest >= options.patience;
      yield { epoch, epochs: options.epochs, trainLoss: lossSum / Math.max(1, batches), heldOutLoss, done };
      if (done) {
        best.epochsRun = epoch;
        break;
      }
    }
  } finally {
    optimizer.dispose();
    variables.forEach((variable) => variable.dispose());
  }
  return best;
}
