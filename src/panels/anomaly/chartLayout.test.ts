import { chartLayout, formatAxisValue } from './chartLayout';

/** 7 px per character: enough to compare widths without a canvas. */
const measure = (text: string) => text.length * 7;

describe('chartLayout', () => {
  it('sizes the value axis for its widest label, the same for chart and score lane', () => {
    const narrow = chartLayout(0, 9, measure);
    const wide = chartLayout(-1234567, 98765432, measure);
    expect(wide.yAxisSize).toBeGreaterThan(narrow.yAxisSize);
    const widestLabel = Math.max(formatAxisValue(-1234567, 2).length, formatAxisValue(98765432, 2).length) * 7;
    expect(wide.yAxisSize).toBeGreaterThanOrEqual(widestLabel);
  });

  it('never makes the axis narrower than the score lane label', () => {
    expect(chartLayout(0, 1, measure).yAxisSize).toBeGreaterThan('score'.length * 7);
  });

  it('pads the right side by at least half of the widest time label, so the last one is not cut', () => {
    const [, right] = chartLayout(0, 1, measure).padding;
    expect(right).toBeGreaterThanOrEqual(('12/31 23:59'.length * 7) / 2);
  });

  it('copes with a range without finite ends', () => {
    expect(Number.isFinite(chartLayout(-Infinity, Infinity, measure).yAxisSize)).toBe(true);
  });
});
