import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

/**
 * TensorFlow.js for the neural kinds. Production mode skips per-op NaN checks and the "install tfjs-node" notice.
 * The pure-JavaScript CPU backend is selected here, so training works wherever the engine runs; a host that has
 * registered and located the WebAssembly backend (`@tensorflow/tfjs-backend-wasm`, 2 to 4 times faster) switches
 * to it with `selectNeuralBackend` before the first training. Both hosts then run the same WebAssembly kernels.
 */
tf.enableProdMode();
// The CPU backend initialises synchronously, so it is in use as soon as this module is loaded, even when a host
// has registered the WebAssembly backend (higher priority) and not yet initialised it.
void tf.setBackend('cpu');

export type NeuralBackendName = 'wasm' | 'cpu';

export interface NeuralBackendChoice {
  /** The backend the networks train on from now on. */
  backend: NeuralBackendName;
  /** Why the WebAssembly backend could not be used, when it was wanted and the CPU backend trains instead. */
  warning?: string;
}

/** The backend the networks train on now. */
export function neuralBackendName(): NeuralBackendName {
  return tf.getBackend() === 'wasm' ? 'wasm' : 'cpu';
}

/**
 * Trains on the WebAssembly backend from now on, or, when it cannot start, stays on the CPU backend and says why.
 * `unavailable` is a reason the host already knows (for example: it was not told where the .wasm files are).
 */
export async function selectNeuralBackend(unavailable?: string): Promise<NeuralBackendChoice> {
  if (unavailable !== undefined) {
    return { backend: 'cpu', warning: unavailable };
  }
  let failure = 'it did not initialise';
  try {
    if (await tf.setBackend('wasm')) {
      return { backend: 'wasm' };
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  await tf.setBackend('cpu');
  return { backend: 'cpu', warning: `the TF.js WebAssembly backend failed (${failure})` };
}

export { tf };
