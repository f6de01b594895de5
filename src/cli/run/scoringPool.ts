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

/** What a worker answers for each task of a message: its outcome, or why it failed. */
export interface ScoreAnswer {
  outcome?: ScoreTaskOutcome;
  error?: string;
}

/**
 * Tasks sent to a worker in one message, at most: a message per series cost each thread a wake-up per series, which
 * on a busy machine took longer than restoring and scoring a series. As the queue drains, messages shrink so that
 * the workers finish together.
 */
const MAX_BATCH = 32;

/**
 * `workers` threads running `script` (the CLI bundle itself, which turns into a scoring worker when
 * started with the role below). Tasks queue here; each worker takes the next few (an array of tasks) when it answers
 * (an array of ScoreAnswer, in the same order).
 */
export function workerPoolExecutor(script: string, workers: number): ScoreExecutor {
  const queue: Pending[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending[]>();
  let failure: Error | undefined;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const batch = queue.splice(0, Math.min(MAX_BATCH, Math.ceil(queue.length / (2 * workers))));
      busy.set(worker, batch);
      worker.postMessage(batch.map((pending) => pending.task));
    }
  };

  const pool = Array.from({ length: workers }, () => {
    const worker = new Worker(script, { workerData: { role: SCORING_WORKER_ROLE } });
    worker.on('message', (answers: ScoreAnswer[]) => {
      const batch = busy.get(worker)!;
      busy.delete(worker);
      idle.push(worker);
      batch.forEach((pending, k) => {
        const { outcome, error } = answers[k];
        if (error !== undefined) {
          pending.reject(new Error(error));
        } else {
          pending.resolve(outcome!);
        }
      });
      dispatch();
    });
    worker.on('error', (error) => {
      failure = error;
      busy.get(worker)?.forEach((pending) => pending.reject(error));
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
