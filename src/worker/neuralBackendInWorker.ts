import type { NeuralBackendChoice } from '../engine/neural/tensorflow';
import type { TensorflowUrls } from './messages';
import { loadTensorflow } from './tensorflowInWorker';

let chosen: Promise<NeuralBackendChoice> | undefined;

/**
 * Starts TF.js's WebAssembly backend in this worker, once, from the URLs the page sent (the worker cannot know
 * where the plugin is served from). Single-threaded: no SharedArrayBuffer, so no cross-origin isolation needed.
 * When it cannot start, the networks train on the CPU backend and the worker's console says why, once.
 */
export function startNeuralBackendInWorker(urls: TensorflowUrls | undefined): Promise<NeuralBackendChoice> {
  chosen ??= start(urls).then((choice) => {
    if (choice.warning) {
      console.warn(`vigil worker: ${choice.warning}; the neural networks train on the CPU backend (slower)`);
    }
    return choice;
  });
  return chosen;
}

async function start(urls: TensorflowUrls | undefined): Promise<NeuralBackendChoice> {
  const { tf, setWasmPaths, selectNeuralBackend } = loadTensorflow();
  if (!urls) {
    return selectNeuralBackend('the location of the TF.js WebAssembly files was not sent to the worker');
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': urls.plain,
    'tfjs-backend-wasm-simd.wasm': urls.simd,
    // Never fetched (threads are off above), but the map must name it.
    'tfjs-backend-wasm-threaded-simd.wasm': urls.simd,
  });
  const choice = await selectNeuralBackend();
  return choice.warning ? { ...choice, warning: `${choice.warning} from ${urls.simd}` } : choice;
}
