import { z } from 'zod';
import { STREAM_KINDS } from './streamKindNames';

/*
 * `model.params` of the streaming kinds and the ensemble, apart from the models' code: detectorSpec.ts checks a spec
 * against them when it is read, and must not pull the models in with them.
 */

/** The Damper's parameters, as every streaming kind that damps its scores takes them in `model.params`. */
const damperParamsShape = {
  refractory: z.number().int().min(0).max(10_000).default(100),
  damping: z.number().min(0).max(1).default(0.5),
};

export const knnCadParamsSchema = z
  .object({
    /** Values per pattern (the sliding window compared with the past). */
    dim: z.number().int().min(1).max(100).default(5),
    /** Nearest neighbours whose distances are summed. */
    k: z.number().int().min(1).max(50).default(1),
    /** Past patterns kept to compare with. */
    trainSize: z.number().int().min(10).max(1000).default(400),
    /** Past non-conformity scores the new one is ranked among. */
    calibrationSize: z.number().int().min(20).max(1000).default(300),
    /** Non-conformity scores collected before the first score above 0. */
    warmup: z.number().int().min(10).max(1000).default(50),
    ...damperParamsShape,
  })
  .strict()
  .refine((params) => params.warmup <= params.calibrationSize, {
    message: 'warmup must not exceed calibrationSize (the calibration set never holds more)',
    path: ['warmup'],
  });

export type KnnCadParams = z.output<typeof knnCadParamsSchema>;

export const contextualParamsSchema = z
  .object({
    /** Quantisation levels of a value (over +-4 sd of the values seen). */
    levels: z.number().int().min(2).max(64).default(16),
    /** Longest context: the last this many quantised values. */
    contextLength: z.number().int().min(1).max(16).default(6),
    /** Contexts remembered (a multiple of 4). */
    slots: z.number().int().min(16).max(1024).default(768),
    /** Memory, in rows, of the mean and spread the values are quantised by. */
    window: z.number().int().min(50).max(100_000).default(4000),
    /** Rows scored 0 while the memory fills. */
    warmup: z.number().int().min(10).max(10_000).default(150),
    ...damperParamsShape,
  })
  .strict();

export type ContextualParams = z.output<typeof contextualParamsSchema>;

export const artimeParamsSchema = z
  .object({
    /** Blocks per window: the window shape the network learns is this many block values. */
    window: z.number().int().min(2).max(32).default(16),
    /**
     * Rows per block. A block's value is its mean, or its highest (lowest) value when that lies more than twice as far
     * above (below) the mean as the other extreme: a one-sided spike survives, noise and ramps are averaged.
     */
    step: z.number().int().min(1).max(60).default(1),
    /** Quantisation levels of the running range (and of the window's own range, for its shape). */
    levels: z.number().int().min(2).max(255).default(32),
    /** Smallest match with a learned category that counts as resonance; below it the window is new. */
    vigilance: z.number().gt(0).lt(1).default(0.9),
    /** Most categories kept; a new one beyond it replaces the one that resonated least recently. */
    categories: z.number().int().min(4).max(1024).default(128),
    /** Match shortfalls (1 - best match) a new category's shortfall is ranked among. */
    calibrationSize: z.number().int().min(20).max(1000).default(300),
    /** Rows that learn but score 0. */
    warmup: z.number().int().min(0).max(10_000).default(300),
    ...damperParamsShape,
  })
  .strict();

export type ArtimeParams = z.output<typeof artimeParamsSchema>;

export const ensembleParamsSchema = z
  .object({
    /** The kinds scored beside the default detector, joined by "+", e.g. "knn_cad+contextual". */
    members: z
      .string()
      .default('knn_cad')
      .transform((text) => text.split('+').map((name) => name.trim()))
      .pipe(
        z
          .array(
            z.enum(STREAM_KINDS, {
              error: (issue) =>
                issue.input === 'default'
                  ? `the default detector always runs in an ensemble: name the kinds beside it, from ${STREAM_KINDS.join(', ')}`
                  : undefined,
            })
          )
          .min(1)
          .superRefine((members, context) => {
            const repeated = members.find((kind, index) => members.indexOf(kind) !== index);
            if (repeated) {
              context.addIssue({ code: 'custom', message: `${repeated} is named twice (each member scores once)` });
            }
          })
      ),
  })
  .strict();
