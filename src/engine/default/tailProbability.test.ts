import { erfc, surpriseDigits } from './tailProbability';

describe('normal tail probability', () => {
  it('matches tabulated erfc values', () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 6);
  });

  it('gives -log10 P(Z > z) for common z and stays continuous where the asymptotic form takes over', () => {
    expect(surpriseDigits(0)).toBeCloseTo(Math.log10(2), 5);
    expect(surpriseDigits(3)).toBeCloseTo(-Math.log10(0.001349898), 4);
    expect(Math.abs(surpriseDigits(8 - 1e-9) - surpriseDigits(8))).toBeLessThan(1e-3);
    expect(surpriseDigits(40)).toBeGreaterThan(surpriseDigits(20));
  });

  it('takes the log of the erfc fit without losing digits against the direct form, on both sides of 0', () => {
    for (let z = -6; z < 8; z += 0.37) {
      const direct = -Math.log10(0.5 * erfc(z / Math.SQRT2));
      expect(Math.abs(surpriseDigits(z) - direct)).toBeLessThan(1e-12 * Math.max(1, direct));
    }
  });
});
