import { decodeVarints, encodeVarints } from './varint';

describe('signed varints', () => {
  it('round-trips small and large integers of both signs, small ones in one byte', () => {
    const values = [0, 1, -1, 63, -64, 64, 300, -300, 2 ** 31, -(2 ** 31) - 5, 2 ** 52, -(2 ** 52)];
    expect(decodeVarints(encodeVarints(values))).toEqual(values);
    expect(encodeVarints([63, -64, 5]).length).toBe(3);
    expect(encodeVarints([64]).length).toBe(2);
  });

  it('refuses what it cannot hold exactly and text that is cut off', () => {
    expect(() => encodeVarints([0.5])).toThrow('varint: 0.5 is not an integer within +-2^52');
    expect(() => encodeVarints([2 ** 53])).toThrow(RangeError);
    expect(() => decodeVarints(Uint8Array.from([200]))).toThrow('varint: the last number is cut off');
  });
});
