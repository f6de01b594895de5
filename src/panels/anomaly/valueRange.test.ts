import type { SeriesScore } from '../../worker/detectorService';
import { valueRange } from './valueRange';

function scored(...values: number[][]): SeriesScore[] {
  return values.map((series) => ({ result: { values: Float64Array.from(series) } }) as unknown as SeriesScore);
}

function band(lower: number, upper: number, length = 3) {
  return { lower: new Float64Array(length).fill(lower), upper: new Float64Array(length).fill(upper) };
}

describe('valueRange', () => {
  it('spans the values, widened to the band by at most a quarter of their range', () => {
    expect(valueRange(scored([10, 20], [15, 12]), [band(0, 100)])).toEqual([7.5, 22.5]);
    expect(valueRange(scored([10, 20]), [band(9, 21)])).toEqual([9, 21]);
  });

  it('gives one value everywhere a range of some height, with or without a band as narrow as it', () => {
    expect(valueRange(scored([1, 1, 1], [1, 1]), [null])).toEqual([0.95, 1.05]);
    expect(valueRange(scored([1, 1, 1]), [band(1, 1)])).toEqual([0.95, 1.05]);
    expect(valueRange(scored([0, 0]), [undefined])).toEqual([-1, 1]);
  });

  it('falls back to 0..1 without a finite value', () => {
    expect(valueRange(scored([NaN]), [null])).toEqual([0, 1]);
  });
});
