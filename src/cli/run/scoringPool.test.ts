import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import { workerPoolExecutor } from './scoringPool';
import type { ScoreTask } from './scoreTask';

/** A worker speaking the pool's protocol: per task, its split back (with the message's size), or an error for -1. */
const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (tasks) =>
  parentPort.postMessage(
    tasks.map((task) =>
      task.split < 0
        ? { error: 'split ' + task.split + ' refused' }
        : { outcome: { kind: 'too-little-history', points: task.split, batch: tasks.length } }
    )
  )
);
`;

const spec = parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'cpu', step: '1m', trainingWindow: '2h' });

function task(split: number): ScoreTask {
  const series = { labels: {}, timestamps: new Float64Array(0), values: new Float64Array(0) };
  return { spec, series, split, withHistory: true, minPoints: 1 };
}

describe('workerPoolExecutor', () => {
  it('sends queued tasks in batches and answers each task with its own outcome or error, in order', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'vigil-pool-')), 'worker.js');
    writeFileSync(script, FAKE_WORKER);
    const pool = workerPoolExecutor(script, 2);
    try {
      const splits = Array.from({ length: 300 }, (_, k) => (k === 150 ? -1 : k));
      const answers = await Promise.allSettled(splits.map((split) => pool.run(task(split))));
      answers.forEach((answer, k) => {
        if (k === 150) {
          expect(answer).toEqual({ status: 'rejected', reason: new Error('split -1 refused') });
        } else {
          expect(answer).toMatchObject({ status: 'fulfilled', value: { kind: 'too-little-history', points: k } });
        }
      });
      const batches = answers.flatMap((answer) =>
        answer.status === 'fulfilled' ? [(answer.value as unknown as { batch: number }).batch] : []
      );
      // The first task of each worker goes alone; the queue behind them in batches of at most 32.
      expect(Math.max(...batches)).toBe(32);
      expect(Math.min(...batches)).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
