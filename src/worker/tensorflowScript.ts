/**
 * TF.js for the detector worker, as a script of its own (`tensorflow-in-worker.js`, an entry in webpack.config.ts):
 * the engine's TF.js module and the WebAssembly backend. The worker loads it only when a detector trains a network
 * (tensorflowInWorker.ts): evaluating TF.js took longer than the rest of the worker together, and a fresh worker
 * that starts sooner has the engine compiled before the first series arrive.
 */
export * from '../engine/neural/tensorflow';
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
