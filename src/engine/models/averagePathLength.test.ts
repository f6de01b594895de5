import { averagePathLength } from './averagePathLength';

// Expected values computed by hand from c(n) = 2(ln(n-1) + 0.5772156649) - 2(n-1)/n
// (Liu, Ting & Zhou 2008, eq. 1; the same convention as scikit-learn's _average_path_length):
//   c(3)   = 2(0.6931472 + 0.5772157) - 4/3        = 1.2073924
//   c(10)  = 2(2.1972246 + 0.5772157) - 1.8        = 3.7488806
//   c(256) = 2(5.5412635 + 0.5772157) - 510/256    = 10.2447709
describe('averagePathLength c(n)', () => {
  it('is 0 for n <= 1 and 1 for n = 2 by convention', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
  });

  it('matches hand-computed reference values', () => {
    expect(averagePathLength(3)).toBeCloseTo(1.2073924, 6);
    expect(averagePathLength(10)).toBeCloseTo(3.7488806, 6);
    expect(averagePathLength(256)).toBeCloseTo(10.2447709, 6);
  });

  it('grows like 2 ln n', () => {
    expect(averagePathLength(1e6) - averagePathLength(1e3)).toBeCloseTo(2 * Math.log(1000), 2);
  });
});
