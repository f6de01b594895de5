/**
 * log(value / reference): the residual the log-scale tests judge and learn. NaN where either is not positive: such a
 * row is off the log scale, and the tests skip it.
 */
export function logRatio(value: number, reference: number): number {
  return value > 0 && reference > 0 ? Math.log(value / reference) : NaN;
}
