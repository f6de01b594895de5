import { parentPort } from 'node:worker_threads';
import { prepareNeuralBackend } from '../neural/neuralBackend';
import { engineAdapter } from './engineAdapter';
import type { ScoreAnswer } from './scoringPool';
import { runScoreTask, type ScoreTask } from './scoreTask';

/**
 * The body of a scoring worker thread: score each task of a message it is sent and answer with their outcomes, in
 * order. A thread starts TF.js's WebAssembly backend before its first neural task; the main thread has already
 * reported how that went.
 */
export function serveScoringWorker(): void {
  parentPort!.on('message', async (tasks: ScoreTask[]) => {
    const answers: ScoreAnswer[] = [];
    for (const task of tasks) {
      try {
        await prepareNeuralBackend([task.spec], () => undefined);
        answers.push({ outcome: runScoreTask(engineAdapter, task) });
      } catch (error) {
        answers.push({ error: (error as Error).message });
      }
    }
    parentPort!.postMessage(answers);
  });
}
