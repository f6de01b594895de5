import { alignToGrid, counterToRate, dropInvalid, fillGaps, prepareSeries, resample } from './grid';

const series = (timestamps: number[], values: number[]) => ({
  labels: {},
  timestamps: Float64Array.from(timestamps),
  values: Float64Array.from(values),
});

describe('preprocessing', () => {
  it('aligns samples to the step grid, leaving missing points NaN', () => {
    const aligned = alignToGrid(series([0, 61_000, 179_000, 300_000], [1, 2, 3, 5]), 60_000);
    expect(Array.from(aligned.timestamps)).toEqual([0, 60_000, 120_000, 180_000, 240_000, 300_000]);
    expect(Array.from(aligned.values)).toEqual([1, 2, NaN, 3, NaN, 5]);
  });

  it('fills short gaps forward (backward at the start) and reports gaps beyond the limit', () => {
    const { series: filled, gaps } = fillGaps(
      series([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [NaN, 1, NaN, NaN, 4, NaN, NaN, NaN, NaN, 9]),
      2
    );
    expect(Array.from(filled.values)).toEqual([1, 1, 1, 1, 4, NaN, NaN, NaN, NaN, 9]);
    expect(gaps).toEqual([{ startIndex: 5, endIndex: 8, startMs: 5, endMs: 8 }]);
  });

  it('reports an all-missing series as one gap', () => {
    const { gaps } = fillGaps(series([0, 1, 2], [NaN, NaN, NaN]), 5);
    expect(gaps).toEqual([{ startIndex: 0, endIndex: 2, startMs: 0, endMs: 2 }]);
  });

  it('drops Inf samples and counts them', () => {
    const { series: clean, invalidCount } = dropInvalid(series([0, 1, 2], [Infinity, 1, -Infinity]));
    expect(invalidCount).toBe(2);
    expect(Array.from(clean.values)).toEqual([NaN, 1, NaN]);
  });

  it('turns a counter into a per-second rate across a reset', () => {
    const rate = counterToRate(series([0, 10_000, 20_000, 30_000, 40_000], [100, 150, 250, 20, 70]));
    // 50/10s, 100/10s, reset (what was counted before the restart is lost: unknown), then 50/10s.
    expect(Array.from(rate.values)).toEqual([NaN, 5, 10, NaN, 5]);
  });

  it('resamples to a coarser step', () => {
    const out = resample(series([0, 30_000, 60_000, 90_000, 180_000], [1, 3, 5, NaN, 7]), 60_000);
    expect(Array.from(out.timestamps)).toEqual([0, 60_000, 120_000, 180_000]);
    expect(Array.from(out.values)).toEqual([2, 5, NaN, 7]);
    expect(Array.from(resample(series([0, 30_000], [1, 3]), 60_000, 'max').values)).toEqual([3]);
  });

  it('prepares a counter series end to end', () => {
    const prepared = prepareSeries(series([0, 60_000, 120_000, 480_000, 540_000], [0, 60, 120, 0, 60]), {
      stepMs: 60_000,
      counter: true,
      gapLimit: 2,
    });
    expect(prepared.series.values.length).toBe(10);
    expect(prepared.series.values[1]).toBe(1);
    expect(prepared.gaps).toHaveLength(1);
    expect(prepared.gaps[0].startIndex).toBe(3);
    expect(() => alignToGrid(series([0], [1]), 0)).toThrow('step must be a positive number');
  });
});
