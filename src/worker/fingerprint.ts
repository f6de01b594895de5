/** Cheap content fingerprints, so that unchanged data and unchanged specs reuse cached work. */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the raw bytes of a typed array, plus its length. */
export function fingerprintArray(array: Float64Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let hash = FNV_OFFSET;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, FNV_PRIME);
  }
  return `${array.length}:${(hash >>> 0).toString(16)}`;
}

export function fingerprintSeriesData(timestamps: Float64Array, values: Float64Array): string {
  return `${fingerprintArray(timestamps)}/${fingerprintArray(values)}`;
}
