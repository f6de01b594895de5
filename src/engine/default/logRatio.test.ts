import { logRatio } from './logRatio';

describe('logRatio', () => {
  it('is the log of value over reference', () => {
    expect(logRatio(300, 100)).toBeCloseTo(Math.log(3), 12);
    expect(logRatio(20, 400)).toBeCloseTo(-Math.log(20), 12);
  });

  it('is NaN off the log scale: a value or reference of 0, below 0, or missing', () => {
    for (const [value, reference] of [
      [0, 100],
      [-5, 100],
      [5, 0],
      [5, -1],
      [NaN, 100],
      [5, NaN],
    ]) {
      expect(logRatio(value, reference)).toBeNaN();
    }
  });
});
