import type { DetectionOutcome } from '../../alerting';
import type { DetectionResult } from '../../engine/detection';

/** Point `index` of a detector's result as the alert lifecycle takes it; `fittedAtMs`: when its model was fitted. */
export function outcomeAt(
  labels: Record<string, string>,
  result: DetectionResult,
  index: number,
  fittedAtMs?: number
): DetectionOutcome {
  return {
    labels,
    timestamp: result.timestamps[index],
    score: result.scores[index],
    value: result.values[index],
    expected: result.expected[index],
    lower: result.lower[index],
    upper: result.upper[index],
    anomalous: result.anomalies[index] === 1,
    explanation: result.explanations[index],
    ...(fittedAtMs === undefined ? {} : { fittedAtMs }),
  };
}
