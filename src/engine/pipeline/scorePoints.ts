import type { DetectionResult, PointResult } from '../detection';
import type { Series } from '../series';

/**
 * Batch scoring as a run of single-point steps, so that batch and stream scores agree: `step` scores
 * point `index` of the series and learns it. The result's values are the steps' (what was scored: a counter's
 * rate). A drift the step reports is recorded at that index.
 */
export function scorePoints(
  series: Series,
  threshold: number,
  step: (timestamp: number, value: number, index: number) => PointResult
): DetectionResult {
  const n = series.timestamps.length;
  const result: DetectionResult = {
    timestamps: series.timestamps.slice(),
    values: new Float64Array(n),
    scores: new Float64Array(n),
    anomalies: new Uint8Array(n),
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    explanations: new Array<string | null>(n).fill(null),
    drift: [],
    threshold,
  };
  for (let i = 0; i < n; i++) {
    const point = step(series.timestamps[i], series.values[i], i);
    result.values[i] = point.value;
    result.scores[i] = point.score;
    result.anomalies[i] = point.anomaly ? 1 : 0;
    result.expected[i] = point.expected;
    result.lower[i] = point.lower;
    result.upper[i] = point.upper;
    result.explanations[i] = point.explanation;
    if (point.drift) {
      result.drift.push({ ...point.drift, index: i });
    }
  }
  return result;
}

/** A streaming detector's `fit`: every point of `series`, in order, through `learn` (its scores are not kept). */
export function learnPoints(series: Series, learn: (timestamp: number, value: number) => unknown): void {
  for (let i = 0; i < series.timestamps.length; i++) {
    learn(series.timestamps[i], series.values[i]);
  }
}
