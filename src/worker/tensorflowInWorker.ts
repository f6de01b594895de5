import type * as TensorflowScript from './tensorflowScript';
import { TENSORFLOW_SCRIPT } from './tensorflowScriptName';

/**
 * The detector worker's stand-in for the engine's TF.js module (`src/engine/neural/tensorflow.ts`, swapped for this
 * one in the worker by webpack.config.ts): the same exports, with TF.js itself loaded from its own script
 * (tensorflowScript.ts) the first time a network is built or a backend chosen. Scoring without a network never loads
 * it.
 */
export type { NeuralBackendChoice, NeuralBackendName } from '../engine/neural/tensorflow';

type Tensorflow = typeof TensorflowScript;

declare function importScripts(...urls: string[]): void;

let scriptUrl: string | undefined;
let loaded: Tensorflow | undefined;

/** Where the plugin serves the script (the page says so: a worker started from a blob cannot tell). */
export function locateTensorflowScript(url: string): void {
  scriptUrl = url;
}

/** TF.js, loaded on first use: from where the page said, else from beside the worker's own script. */
export function loadTensorflow(): Tensorflow {
  if (!loaded) {
    importScripts(scriptUrl ?? new URL(`${TENSORFLOW_SCRIPT.name}.js`, self.location.href).href);
    loaded = (self as unknown as Record<string, Tensorflow>)[TENSORFLOW_SCRIPT.global];
  }
  return loaded;
}

export const tf: Tensorflow['tf'] = new Proxy({} as Tensorflow['tf'], {
  get: (_target, property) => Reflect.get(loadTensorflow().tf, property),
});

export function neuralBackendName(): ReturnType<Tensorflow['neuralBackendName']> {
  return loaded ? loaded.neuralBackendName() : 'cpu';
}

export function selectNeuralBackend(
  ...args: Parameters<Tensorflow['selectNeuralBackend']>
): ReturnType<Tensorflow['selectNeuralBackend']> {
  return loadTensorflow().selectNeuralBackend(...args);
}
