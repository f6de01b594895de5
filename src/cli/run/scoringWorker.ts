import { parentPort } from 'node:worker_threads';
import { prepareNeuralBackend } from '../neural/neuralBackend';
import { engineAdapter } from './engineAdapter';
import { runScoreTask, type ScoreTask } from './scoreTask';

/**
 * The body of a scoring worker thread: score each task it is sent and answer with the outcome. A thread starts
 * TF.js's WebAssembly backend before its first neural task; the main thread has already reported how that went.
 */
export function serveScoringWorker(): void {
  parentPort!.on('message', async (task: ScoreTask) => {
    try {
      await prepareNeuralBackend([task.spec], () => undefined);
      parentPort!.postMessage({ outcome: runScoreTask(engineAdapter, task) });
    } catch (error) {
      parentPort!.postMessage({ error: (error as Error).message });
    }
  });
}
