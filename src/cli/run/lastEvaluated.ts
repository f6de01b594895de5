import type { AlertState } from '../../alerting';
import { seriesKey } from '../../engine/series';
import type { DetectorStateFile } from './detectorState';

/**
 * The last point of each series of a detector that the alert lifecycle has evaluated: the last point its state
 * scored, when that state was saved by the run that last evaluated the detector. A run stopped between saving the
 * alert state and the detector state leaves an older detector state: then undefined, and the lifecycle falls back to
 * the detector's watermark, so no point is evaluated twice.
 */
export function lastEvaluatedPoints(
  alertState: AlertState,
  detector: string,
  previous: DetectorStateFile | undefined
): ((labels: Record<string, string>) => number | undefined) | undefined {
  if (previous?.runAtMs === undefined || previous.runAtMs !== alertState.evaluatedAt[detector]) {
    return undefined;
  }
  return (labels) => previous.series[seriesKey(labels)]?.lastTimestampMs;
}
