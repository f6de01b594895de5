import { formatNumber } from './formatNumber';

describe('formatNumber', () => {
  it('writes ordinary numbers plainly, to the significant digits asked for, keeping every digit before the point', () => {
    expect(formatNumber(412.3456, 3)).toBe('412');
    expect(formatNumber(0.012345, 3)).toBe('0.0123');
    expect(formatNumber(0, 3)).toBe('0');
    expect(formatNumber(2506.4, 3)).toBe('2506');
    expect(formatNumber(783.2149, 4)).toBe('783.2');
    expect(formatNumber(0.71941, 4)).toBe('0.7194');
    expect(formatNumber(0.5, 4)).toBe('0.5');
    expect(formatNumber(-123456789.4, 4)).toBe('-123456789');
  });

  it('writes large and small magnitudes in exponent notation', () => {
    expect(formatNumber(2.5e12, 3)).toBe('2.50e+12');
    expect(formatNumber(10999260000000000, 4)).toBe('1.100e+16');
    expect(formatNumber(3.06e-8, 4)).toBe('3.060e-8');
    expect(formatNumber(-0.0004, 3)).toBe('-4.00e-4');
    expect(formatNumber(1e300, 4)).toBe('1.000e+300');
    expect(formatNumber(NaN, 3)).toBe('NaN');
    expect(formatNumber(-Infinity, 3)).toBe('-Infinity');
  });
});
