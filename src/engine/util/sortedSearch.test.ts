import { lowerBound, upperBound } from './sortedSearch';

describe('lowerBound and upperBound', () => {
  const sorted = Float64Array.of(1, 3, 3, 3, 7);

  it('lowerBound is the first index at or above the value, upperBound the first above it', () => {
    expect(lowerBound(sorted, 3)).toBe(1);
    expect(upperBound(sorted, 3)).toBe(4);
    expect(lowerBound(sorted, 4)).toBe(4);
    expect(upperBound(sorted, 4)).toBe(4);
  });

  it('give 0 below every value and the length above every value', () => {
    expect(lowerBound(sorted, 0)).toBe(0);
    expect(upperBound(sorted, 0)).toBe(0);
    expect(lowerBound(sorted, 8)).toBe(5);
    expect(upperBound(sorted, 8)).toBe(5);
  });

  it('search only the first `end` values when given', () => {
    expect(lowerBound(sorted, 7, 3)).toBe(3);
    expect(upperBound(sorted, 3, 3)).toBe(3);
    expect(upperBound(sorted, 1, 3)).toBe(1);
  });

  it('give 0 for NaN, which compares false with everything', () => {
    expect(upperBound(sorted, NaN)).toBe(0);
    expect(lowerBound(sorted, NaN)).toBe(0);
  });

  it('give 0 on an empty array', () => {
    expect(lowerBound([], 1)).toBe(0);
    expect(upperBound([], 1)).toBe(0);
  });
});
