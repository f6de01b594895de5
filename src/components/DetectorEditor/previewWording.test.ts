import { formatSpan, plural, previewRangeText } from './previewWording';

describe('preview wording', () => {
  it('pluralises counts', () => {
    expect(plural(1, 'alert')).toBe('1 alert');
    expect(plural(0, 'alert')).toBe('0 alerts');
    expect(plural(2, 'series', 'series')).toBe('2 series');
  });

  it('says the days asked for when the data covers them', () => {
    expect(previewRangeText(7, 7)).toBe('Over the last 7 days');
    expect(previewRangeText(1, 1)).toBe('Over the last 1 day');
    expect(previewRangeText(6.9999, 7)).toBe('Over the last 7 days');
  });

  it('says the span of the data found when it is shorter than the days asked for', () => {
    expect(previewRangeText(0.25, 7)).toBe('Over the 6 h of data found in the 7 days asked for');
    expect(previewRangeText(2.5, 7)).toBe('Over the 2.5 days of data found in the 7 days asked for');
  });

  it('says which days they end on when an end is set', () => {
    expect(previewRangeText(2, 2, '2026-01-12T00:00:00Z')).toBe('Over the 2 days ending 2026-01-12T00:00:00Z');
    expect(previewRangeText(0.25, 7, '2026-01-12T00:00:00Z')).toBe(
      'Over the 6 h of data found in the 7 days asked for ending 2026-01-12T00:00:00Z'
    );
  });

  it('writes a span in minutes, hours or days', () => {
    expect(formatSpan(10 / 1440)).toBe('10 min');
    expect(formatSpan(1)).toBe('1 day');
    expect(formatSpan(13.04)).toBe('13 days');
  });
});
