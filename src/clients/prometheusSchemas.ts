import { z } from 'zod';

const labels = z.record(z.string(), z.string());
const sample = z.tuple([z.number(), z.string()]);

/** Sample arrays of a matrix can hold millions of points: they are checked by the merge loop, not by zod. */
export const matrixSchema = z.array(
  z.object({
    metric: labels,
    values: z.custom<unknown[]>((value) => Array.isArray(value), 'expected an array of samples').optional(),
    histograms: z.array(z.tuple([z.number(), z.unknown()])).optional(),
  })
);

export const vectorSchema = z.array(
  z.object({
    metric: labels,
    value: sample.optional(),
    histogram: z.tuple([z.number(), z.unknown()]).optional(),
  })
);

const success = <T extends z.ZodType>(data: T) =>
  z.object({
    status: z.literal('success'),
    data,
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  });

export const rangeResponseSchema = success(z.object({ resultType: z.literal('matrix'), result: matrixSchema }));

export const instantResponseSchema = success(
  z.discriminatedUnion('resultType', [
    z.object({ resultType: z.literal('vector'), result: vectorSchema }),
    z.object({ resultType: z.literal('matrix'), result: matrixSchema }),
    z.object({ resultType: z.literal('scalar'), result: sample }),
    z.object({ resultType: z.literal('string'), result: sample }),
  ])
);

export const seriesResponseSchema = success(z.array(labels));
export const stringListResponseSchema = success(z.array(z.string()));

/** The error body Prometheus sends with 4xx/5xx: `{"status":"error","errorType":"bad_data","error":"..."}`. */
export const errorBodySchema = z.object({
  errorType: z.string().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});
