import { decodeExact, decodeTimes, encodeExact, encodeTimes } from './exactNumbers';

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('exact number encodings', () => {
  it('round-trips every bit and picks the short form for each kind of data', () => {
    const integers = Float64Array.from({ length: 500 }, (_, i) => (i * 37) % 1000);
    const decimals = Float64Array.from({ length: 500 }, (_, i) => i / 100);
    const noisy = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i) * Math.PI);
    const signed = Float64Array.from([0, -0, NaN, Infinity, -Infinity, 1e-310]);
    for (const values of [integers, decimals, noisy, signed, new Float64Array(0)]) {
      expect(same(decodeExact(encodeExact(values)), values)).toBe(true);
    }
    expect(encodeExact(integers).length).toBeLessThan(500 * 4);
    expect(encodeExact(noisy).startsWith('b:')).toBe(true);
    expect(() => decodeExact('x:1')).toThrow('no known encoding');
  });

  it('stores a regular timestamp grid as one run and irregular times exactly', () => {
    const grid = Float64Array.from({ length: 2016 }, (_, i) => 1_700_000_000_000 + i * 300_000);
    grid[1000] += 300_000 * 3;
    for (let i = 1001; i < grid.length; i++) {
      grid[i] = grid[i - 1] + 300_000;
    }
    const text = encodeTimes(grid);
    expect(text.length).toBeLessThan(80);
    expect(same(decodeTimes(text), grid)).toBe(true);
    const odd = Float64Array.from([0.1, 0.2, 0.30000000000000004, 0.7]);
    expect(same(decodeTimes(encodeTimes(odd)), odd)).toBe(true);
    expect(same(decodeTimes(encodeTimes(new Float64Array(0))), new Float64Array(0))).toBe(true);
  });
});
