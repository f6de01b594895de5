/**
 * Signed integers (up to 2^52 in magnitude) as zigzag base-128 varints: small numbers take one byte.
 * Arithmetic rather than bitwise operators, which would cut them to 32 bits.
 */
export function encodeVarints(values: ArrayLike<number>): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isSafeInteger(value) || Math.abs(value) > 2 ** 52) {
      throw new RangeError(`varint: ${value} is not an integer within +-2^52`);
    }
    let rest = value >= 0 ? 2 * value : -2 * value - 1;
    while (rest >= 128) {
      bytes.push((rest % 128) + 128);
      rest = Math.floor(rest / 128);
    }
    bytes.push(rest);
  }
  return Uint8Array.from(bytes);
}

export function decodeVarints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  let rest = 0;
  let scale = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    rest += (byte % 128) * scale;
    if (byte < 128) {
      values.push(rest % 2 === 0 ? rest / 2 : -(rest + 1) / 2);
      rest = 0;
      scale = 1;
    } else {
      scale *= 128;
      if (scale > 2 ** 56) {
        throw new Error(`varint: run-on number at byte ${i}`);
      }
    }
  }
  if (scale !== 1) {
    throw new Error('varint: the last number is cut off');
  }
  return values;
}
