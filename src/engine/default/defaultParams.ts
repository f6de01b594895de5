import { z } from 'zod';

/** How the default detector turns its surprise into an alert: one score cut-off for all series, or a learned tail. */
export const THRESHOLD_METHODS = ['score', 'spot', 'dspot'] as const;
export type ThresholdMethod = (typeof THRESHOLD_METHODS)[number];
/** `model.params` of the default detector, apart from its code like the other kinds' (see detectorSpec.ts). */
export const defaultParamsSchema = z
  .object({
    window: z.number().int().min(50).max(100_000),
    shortWindow: z.number().int().min(1).max(1000),
    warmup: z.number().int().min(1).max(100_000),
    levelHalfLife: z.number().positive(),
    seasonSlots: z.number().int().min(0).max(10_080),
    seasonAlpha: z.number().gt(0).max(1),
    seasonMinSamples: z.number().int().min(1),
    weekly: z.boolean(),
    refractory: z.number().int().min(0).max(100_000),
    /** The damping's memory in minutes of the series' time, at most: at hourly steps 8 rows, not `refractory`'s 100. */
    refractoryMinutes: z.number().min(0).max(525_600),
    damping: z.number().min(0).max(1),
    /** Forget the residual distributions when drift is found (off by default: each refit is a warm-up without scores). */
    refitOnDrift: z.boolean(),
    /** `spot` / `dspot`: alert at a risk q on a tail learned per series (docs/default-detector.md). */
    threshold: z.enum(THRESHOLD_METHODS),
    /** Learn the series' own tail of residuals, so its routine spikes and bursts stop alerting (docs/default-detector.md). */
    learnRoutine: z.boolean(),
    /** How long, in days of the series' time, the routine tail remembers an excursion. */
    routineDays: z.number().positive().max(365),
    /** The duration test (on by default with `threshold: score`): an excursion held longer than this series' own alerts. */
    durationTest: z.boolean(),
    /** The sustained-shift test on the log scale for positive series skewed upwards (on by default with `threshold: score`). */
    logShift: z.boolean(),
    /** The drop test on the log scale for positive series skewed upwards (on by default with `threshold: score`). */
    logDrop: z.boolean(),
    /** A step above 5 minutes adds log10(step / 5 min) digits to a row's surprise (on by default with `threshold: score`). */
    surprisePerTime: z.boolean(),
    /** Within the range of values seen, a deviation is judged no finer than one unit of the values' last decimal (on by default with `threshold: score`). */
    resolutionFloor: z.boolean(),
  })
  .partial()
  .strict();
