/**
 * A number as people read it, to `significant` digits: in exponent notation from 1e9 and below 1e-3, where plain
 * digits run long or are mostly zeros (1.10e+16, 3.06e-8 at 3 digits), else plainly, with no trailing zeros and
 * every digit before the point (412, 0.0123, 2506 at 3 digits).
 */
export function formatNumber(value: number, significant: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const size = Math.abs(value);
  if (value !== 0 && (size >= 1e9 || size < 1e-3)) {
    return value.toExponential(significant - 1);
  }
  return size >= 10 ** significant ? value.toFixed(0) : String(Number(value.toPrecision(significant)));
}
