import { parseDecimal } from './decimal';

describe('parseDecimal', () => {
  it('reads decimal notation only', () => {
    expect(['12', '-0.5', '+.5', '1e3', ' 7 ', '3.', '2E-2'].map(parseDecimal)).toEqual([
      12, -0.5, 0.5, 1000, 7, 3, 0.02,
    ]);
    expect(['0x1A', '0X1a', '0b101', '0o17', '', ' ', 'Infinity', '1_000', '1,5', '12abc'].map(parseDecimal)).toEqual(
      Array(10).fill(null)
    );
  });
});
