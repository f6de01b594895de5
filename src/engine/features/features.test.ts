import { featureDims, writeFeatures } from './features';

describe('features', () => {
  it('lays out the chosen features, time ones as sin/cos pairs', () => {
    const features = ['value', 'diff', 'rolling_z', 'seasonal_residual', 'time_of_day', 'day_of_week'] as const;
    expect(featureDims(features)).toBe(8);
    const out = new Float64Array(8);
    const sixAm = Date.UTC(2026, 0, 1, 6, 0);
    writeFeatures(features, { timestamp: sixAm, value: 5, diff: -1, rollingZ: 2, residualZ: 3 }, out, 0);
    expect(Array.from(out.slice(0, 4))).toEqual([5, -1, 2, 3]);
    expect(out[4]).toBeCloseTo(1, 12); // a quarter of the day: sin = 1
    expect(out[5]).toBeCloseTo(0, 12);
    expect(out[6] ** 2 + out[7] ** 2).toBeCloseTo(1, 12);
  });

  it('keeps huge and missing inputs finite', () => {
    const out = new Float64Array(3);
    writeFeatures(
      ['value', 'diff', 'rolling_z'],
      { timestamp: 0, value: Infinity, diff: NaN, rollingZ: -1e300, residualZ: 0 },
      out,
      0
    );
    expect(Array.from(out)).toEqual([1e12, 0, -1e6]);
  });
});
