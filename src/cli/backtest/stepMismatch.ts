import type { DetectorSpec } from '../../engine/detectorSpec';
import { formatDuration, parseDuration } from '../../engine/duration';
import { typicalStepMs } from '../../engine/evaluation/episodes';
import { isPipelineKind } from '../../engine/pipeline/config';

/**
 * A warning when a pipeline kind's `step` is more than twice the spacing of the rows it scores: it keeps
 * `trainingWindow / step` rows of history, so a 1h step on 5-minute rows fits on 14 hours instead of 7 days. The
 * other kinds take the rows' own spacing.
 */
export function stepMismatchWarning(spec: DetectorSpec, timestamps: Float64Array, where: string): string | undefined {
  const rowsMs = typicalStepMs(timestamps);
  const stepMs = parseDuration(spec.step)!;
  if (!isPipelineKind(spec.model.kind) || rowsMs <= 0 || stepMs <= 2 * rowsMs) {
    return undefined;
  }
  const historyRows = Math.round(parseDuration(spec.trainingWindow)! / stepMs);
  return (
    `${where}: step ${spec.step}, but the rows are ${formatDuration(rowsMs)} apart: ${spec.model.kind} keeps ` +
    `${historyRows} rows of history (${formatDuration(historyRows * rowsMs)} of these rows, not the trainingWindow ` +
    `${spec.trainingWindow}); set step: ${formatDuration(rowsMs)}`
  );
}
