import {
  base64ToBytes,
  base64ToFloat32,
  base64ToFloat64,
  bytesToBase64,
  float32ToBase64,
  float64ToBase64,
} from './base64';

describe('base64', () => {
  it('encodes like the standard alphabet, with padding', () => {
    expect(bytesToBase64(new TextEncoder().encode('Vigil!'))).toBe('VmlnaWwh');
    expect(bytesToBase64(Uint8Array.of(255))).toBe('/w==');
    expect(bytesToBase64(Uint8Array.of(1, 2))).toBe('AQI=');
  });

  it('round-trips bytes and float64 values exactly (NaN, -0, extremes)', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) & 255);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    const values = Float64Array.of(0.1, -0, NaN, Infinity, 1e-310, Number.MAX_VALUE, Math.PI);
    const back = base64ToFloat64(float64ToBase64(values));
    values.forEach((value, i) => expect(Object.is(back[i], value)).toBe(true));
  });

  it('encodes only the values in view, not the rest of their buffer, and round-trips float32', () => {
    const buffer = Float64Array.of(1, 2, 3, 4);
    expect(base64ToFloat64(float64ToBase64(buffer.subarray(1, 3)))).toEqual(Float64Array.of(2, 3));
    const single = Float32Array.of(0.5, -0, Infinity, 3.25);
    const back = base64ToFloat32(float32ToBase64(single.subarray(1)));
    expect(Array.from(back, (value) => (Object.is(value, -0) ? '-0' : value))).toEqual(['-0', Infinity, 3.25]);
  });

  it('refuses bytes that are not whole float64 or float32 values', () => {
    const sixBytes = bytesToBase64(Uint8Array.of(1, 2, 3, 4, 5, 6));
    expect(() => base64ToFloat64(sixBytes)).toThrow('float64 data length must be a multiple of 8 bytes');
    expect(() => base64ToFloat32(sixBytes)).toThrow('float32 data length must be a multiple of 4 bytes');
  });

  it('rejects malformed text', () => {
    expect(() => base64ToBytes('abc')).toThrow('multiple of 4');
    expect(() => base64ToBytes('ab$=')).toThrow('invalid base64 character');
  });
});
