import type { DetectionResult } from '../../engine/detection';
import type { DetectorSpec } from '../../engine/detectorSpec';
import type { Series } from '../../engine/series';
import type { DetectorEngine } from './detectorRun';
import { finiteCount, sliceSeries } from './seriesPoints';

/** One series to score: plain data, so it can cross to a worker thread unchanged. */
export interface ScoreTask {
  spec: DetectorSpec;
  series: Series;
  /** Index of the first point to score; the points before it are the training history. */
  split: number;
  /** The stored model (JSON text) to restore; absent when the series must be (re)fitted. */
  model?: string;
  /** False when the fetch did not cover the training window (a failed restore then needs history). */
  withHistory: boolean;
  minPoints: number;
}

export type ScoreTaskOutcome =
  | {
      kind: 'scored';
      result: DetectionResult;
      fitted: boolean;
      restored: boolean;
      restoreError?: string;
      /** The detector's state after scoring, as JSON text. */
      model: string;
    }
  | { kind: 'needs-history'; restoreError?: string }
  | { kind: 'too-little-history'; points: number };

/** Restore or fit, then score: the CPU-heavy part of a run, the same on the main thread and in workers. */
export function runScoreTask(engine: DetectorEngine, task: ScoreTask): ScoreTaskOutcome {
  const { spec, series, split } = task;
  let restoreError: string | undefined;
  let detector;
  let fitted = false;
  if (task.model) {
    try {
      detector = engine.restore(spec, JSON.parse(task.model));
    } catch (error) {
      restoreError = (error as Error).message;
    }
  }
  if (!detector) {
    if (!task.withHistory) {
      return { kind: 'needs-history', restoreError };
    }
    const history = sliceSeries(series, 0, split);
    const points = finiteCount(history.values);
    if (points < task.minPoints) {
      return { kind: 'too-little-history', points };
    }
    detector = engine.create(spec);
    detector.fit(history);
    fitted = true;
  }
  const result = detector.score(sliceSeries(series, split));
  return { kind: 'scored', result, fitted, restored: !fitted, restoreError, model: JSON.stringify(detector.toState()) };
}
