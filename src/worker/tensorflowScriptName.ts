/**
 * The worker's TF.js script (tensorflowScript.ts): the file webpack emits it as, and the global its entry assigns its
 * exports to. Read by webpack.config.ts, by the page (wasmUrls.ts) and by the worker (tensorflowInWorker.ts).
 */
export const TENSORFLOW_SCRIPT = { name: 'tensorflow-in-worker', global: '__vigilTensorflow' } as const;
