import { z } from 'zod';

/** A double in JSON without loss: finite values as numbers, NaN, the infinities and -0 (which JSON drops) as text. */
export const exactNumberSchema = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity', '-0'])])
  .transform(Number);

export type ExactNumber = z.input<typeof exactNumberSchema>;

export function toExactNumber(value: number): ExactNumber {
  if (Object.is(value, -0)) {
    return '-0';
  }
  return Number.isFinite(value) ? value : (String(value) as ExactNumber);
}
