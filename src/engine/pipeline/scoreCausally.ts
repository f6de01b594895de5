import type { DetectionResult, TrainingListener } from '../detection';
import type { DetectorSpec } from '../detectorSpec';
import { createDetector } from './factory';

/**
 * Scores a whole file as if it arrived one row at a time: row i's score uses rows 0..i only.
 * The detector starts empty; rows score 0 until it has seen enough points to fit, then it refits
 * on the past as history grows (and after drifts). Rows with a missing value, a non-finite
 * timestamp or a time earlier than the previous row's score 0 and are not learned; repeated
 * timestamps are scored as separate samples. The result's values are the samples, or with `counter: true` the
 * per-second rates that were scored. `onTraining` hears each training step of those refits (the
 * neural kinds' epochs).
 */
export function scoreCausally(
  spec: DetectorSpec | unknown,
  timestamps: Float64Array,
  values: Float64Array,
  onTraining?: TrainingListener
): DetectionResult {
  if (timestamps.length !== values.length) {
    throw new RangeError(`scoreCausally: ${timestamps.length} timestamps but ${values.length} values`);
  }
  const detector = createDetector(spec);
  if (onTraining) {
    detector.observeTraining?.(onTraining);
  }
  const n = timestamps.length;
  const cleanValues = new Float64Array(n);
  let latest = -Infinity;
  for (let i = 0; i < n; i++) {
    const ordered = timestamps[i] >= latest;
    cleanValues[i] = ordered ? values[i] : NaN;
    if (ordered) {
      latest = timestamps[i];
    }
  }
  const result = detector.score({ labels: {}, timestamps, values: cleanValues });
  if (!detector.spec.counter) {
    // Rows skipped for their time are reported with their samples (a counter's rate there is unknown).
    result.values = values.slice();
  }
  return result;
}
