/** Series as one Float64 buffer: the count, then per series its length, its timestamps and its values. */
export interface PlainSeries {
  timestamps: Float64Array;
  values: Float64Array;
}

export function writeSeriesFile(series: readonly PlainSeries[]): Buffer {
  const size = 1 + series.reduce((sum, one) => sum + 1 + 2 * one.timestamps.length, 0);
  const out = new Float64Array(size);
  let at = 0;
  out[at++] = series.length;
  for (const one of series) {
    out[at++] = one.timestamps.length;
    out.set(one.timestamps, at);
    out.set(one.values, at + one.timestamps.length);
    at += 2 * one.timestamps.length;
  }
  return Buffer.from(out.buffer);
}

export function readSeriesFile(bytes: Buffer): PlainSeries[] {
  const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const series: PlainSeries[] = [];
  let at = 1;
  for (let k = 0; k < all[0]; k++) {
    const length = all[at++];
    series.push({
      timestamps: all.slice(at, at + length),
      values: all.slice(at + length, at + 2 * length),
    });
    at += 2 * length;
  }
  return series;
}
