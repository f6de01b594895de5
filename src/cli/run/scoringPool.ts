import { Worker } from 'node:worker_threads';
import type { DetectorEngine } from './detectorRun';
import { runScoreTask, type ScoreTask, type ScoreTaskOutcome } from './scoreTask';

/** Runs score tasks: on this thread, or spread over worker threads. */
export interface ScoreExecutor {
  run(task: ScoreTask): Promise<ScoreTaskOutcome>;
  close(): Promise<void>;
}

export const SCORING_WORKER_ROLE = 'vigil-scoring-worker';

export function inThreadExecutor(engine: DetectorEngine): ScoreExecutor {
  return {
    run: async (task) => runScoreTask(engine, task),
    close: async () => undefined,
  };
}

interface Pending {
  task: ScoreTask;
  resolve: (outcome: ScoreTaskOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * `workers` threads running `script` (the CLI bundle itself, which turns into a scoring worker when
 * started with the role below). Tasks queue here; each worker takes the next when it answers.
 */
export function workerPoolExecutor(script: string, workers: number): ScoreExecutor {
  const queue: Pending[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  let failure: Error | undefined;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const pending = queue.shift()!;
      busy.set(worker, pending);
      worker.postMessage(pending.task);
    }
  };

  const pool = Array.from({ length: workers }, () => {
    const worker = new Worker(script, { workerData: { role: SCORING_WORKER_ROLE } });
    worker.on('message', (message: { outcome?: ScoreTaskOutcome; error?: string }) => {
      const pending = busy.get(worker)!;
      busy.delete(worker);
      idle.push(worker);
      if (message.error !== undefined) {
        pending.reject(new Error(message.error));
      } else {
        pending.resolve(message.outcome!);
      }
      dispatch();
    });
    worker.on('error', (error) => {
      failure = error;
      busy.get(worker)?.reject(error);
      busy.delete(worker);
      for (const pending of queue.splice(0)) {
        pending.reject(error);
      }
    });
    idle.push(worker);
    return worker;
  });

  return {
    run: (task) =>
      new Promise<ScoreTaskOutcome>((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        queue.push({ task, resolve, reject });
        dispatch();
      }),
    close: async () => {
      await Promise.all(pool.map((worker) => worker.terminate()));
    },
  };
}
