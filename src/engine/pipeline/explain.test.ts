import { explain } from './explain';

const base = {
  timestamp: Date.UTC(2026, 0, 6, 14, 0), // a Tuesday
  value: 412,
  expected: 120,
  residualZ: 6.1,
  diff: 5,
  diffScale: 12,
  rollingZ: 1,
  rollingMean: 118,
  period: 'weekly' as const,
  window: 60,
  score: 0.8,
  unit: '',
};

describe('explanations', () => {
  it('names the deviation from the seasonal expectation with the day and time', () => {
    expect(explain(base)).toBe('value 412 is 6.1σ above the expected 120 for Tuesday 14:00 UTC');
    expect(explain({ ...base, period: 'daily' })).toBe('value 412 is 6.1σ above the expected 120 for 14:00 UTC');
    expect(explain({ ...base, period: null, value: 20, residualZ: -4.2 })).toBe(
      'value 20 is 4.2σ below the expected 120 (median of the last 60 points)'
    );
  });

  it('calls a large change a jump or a drop', () => {
    expect(explain({ ...base, residualZ: 2, diff: 300 })).toBe('sudden jump: change of +300 vs typical ±12');
    expect(explain({ ...base, residualZ: 2, diff: -300 })).toBe('sudden drop: change of -300 vs typical ±12');
  });

  it('calls a change after a flat stretch so only where the typical change is negligible at the series scale', () => {
    const tiny = { ...base, value: 4.12e-7, expected: 1.2e-7, rollingMean: 1.18e-7, residualZ: 2, diffScale: 1.2e-8 };
    expect(explain({ ...tiny, diff: 3e-7 })).toBe('sudden jump: change of +3.00e-7 vs typical ±1.20e-8');
    expect(explain({ ...base, residualZ: 2, diff: 300, diffScale: 1e-7 })).toBe(
      'sudden jump: change of +300 after a flat stretch'
    );
  });

  it('falls back to the recent mean, then to the model score', () => {
    expect(explain({ ...base, residualZ: 0, rollingZ: 5.24 })).toBe(
      'value 412 is 5.2σ above the mean 118 of the last 60 points'
    );
    expect(explain({ ...base, residualZ: 1, rollingZ: 1, diff: 3 })).toBe(
      'unusual pattern (model score 0.80): value 412, change +3'
    );
  });

  it("writes a counter's unit after every value", () => {
    const rate = { ...base, unit: '/s' };
    expect(explain(rate)).toBe('value 412/s is 6.1σ above the expected 120/s for Tuesday 14:00 UTC');
    expect(explain({ ...rate, residualZ: 2, diff: -300 })).toBe('sudden drop: change of -300/s vs typical ±12/s');
    expect(explain({ ...rate, residualZ: 0, rollingZ: 5.24 })).toBe(
      'value 412/s is 5.2σ above the mean 118/s of the last 60 points'
    );
    expect(explain({ ...rate, residualZ: 1, rollingZ: 1, diff: 3 })).toBe(
      'unusual pattern (model score 0.80): value 412/s, change +3/s'
    );
  });
});
