import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DetectorSpec } from '../../engine/detectorSpec';

/** Why a series must be refitted at its next run. */
export type RefitReason = 'drift' | 'anomalies';

export const seriesStateSchema = z.object({
  /** Absent while the series waits for enough points to be fitted (fitNotBeforeMs). */
  fittedAtMs: z.number().optional(),
  /** The newest point scored (seen, while the series waits to be fitted) so far; the next run scores only later points. */
  lastTimestampMs: z.number(),
  anomaliesSinceFit: z.number().int().min(0),
  refitReason: z.enum(['drift', 'anomalies']).optional(),
  /**
   * The series had fewer than min_points points to fit on. A fit takes its points up to lastTimestampMs, which
   * gains one a step at most: no run fetches its history before lastTimestampMs reaches this time. No model meanwhile.
   */
  fitNotBeforeMs: z.number().optional(),
  /**
   * The engine's toState() as JSON text: restored at the next run, which scores on from it without a refit. Kept as
   * text from the file to the scoring worker and back, so the main thread neither parses it nor copies an object
   * tree to and from the workers; the worker's restore validates it.
   */
  model: z.string().optional(),
});

export type SeriesState = z.output<typeof seriesStateSchema>;

export const detectorStateSchema = z.object({
  detectorId: z.string(),
  specHash: z.string(),
  /**
   * The time of the run that wrote it (absent in files written before it was). That run saved the alert state
   * first, with the same time: when they differ, a run stopped between the two saves.
   */
  runAtMs: z.number().optional(),
  series: z.record(z.string(), seriesStateSchema),
});

export type DetectorStateFile = z.output<typeof detectorStateSchema>;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])])
    );
  }
  return value;
}

/** Fingerprint of everything in a spec that changes the model: a changed spec refits every series. */
export function specHash(spec: DetectorSpec): string {
  const { name: _name, enabled: _enabled, alert: _alert, ...modelRelevant } = spec;
  return createHash('sha256')
    .update(JSON.stringify(canonical(modelRelevant)))
    .digest('hex')
    .slice(0, 16);
}
