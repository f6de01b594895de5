import { base64ToBytes, base64ToFloat64, bytesToBase64, float64ToBase64 } from './base64';

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

  it('rejects malformed text', () => {
    expect(() => base64ToBytes('abc')).toThrow('multiple of 4');
    expect(() => base64ToBytes('ab$=')).toThrow('invalid base64 character');
  });
});
