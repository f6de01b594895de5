import { parentPort } from 'node:worker_threads';
import { engineAdapter } from './engineAdapter';
import { runScoreTask, type ScoreTask } from './scoreTask';

/** The body of a scoring worker thread: score each task it is sent and answer with the outcome. */
export function serveScoringWorker(): void {
  parentPort!.on('message', (task: ScoreTask) => {
    try {
      parentPort!.postMessage({ outcome: runScoreTask(engineAdapter, task) });
    } catch (error) {
      parentPort!.postMessage({ error: (error as Error).message });
    }
  });
}
