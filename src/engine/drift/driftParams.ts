import { z } from 'zod';

const integer = (min: number, max: number) => z.number().int().min(min).max(max);

/** Parameters each drift method accepts in `drift.params` (unknown keys are errors). */
export const driftParamsSchemas = {
  adwin: z
    .object({
      delta: z.number().gt(0).lt(1).optional(),
      clock: integer(1, 10_000).optional(),
      maxBuckets: integer(2, 100).optional(),
      minWindow: integer(1, 100_000).optional(),
    })
    .strict(),
  page_hinkley: z
    .object({
      delta: z.number().min(0).optional(),
      threshold: z.number().positive().optional(),
      minInstances: integer(1, 1_000_000).optional(),
      alpha: z.number().gt(0).max(1).optional(),
    })
    .strict(),
};
