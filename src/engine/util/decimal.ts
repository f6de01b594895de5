const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number written in decimal notation (`12`, `-0.5`, `.5`, `1e3`), surrounding spaces allowed; null for
 * anything else. JavaScript's Number() also takes hex (`0x1A` = 26), binary, octal, `Infinity` and the empty
 * string (0), none of which is a measured value.
 */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : null;
}
