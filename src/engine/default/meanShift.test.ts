import { DecayingStats } from './decayingStats';
import { meanShift } from './meanShift';
import { WindowStats } from './windowStats';

describe('meanShift', () => {
  it('is NaN until the history has warmup means, then the recent mean in sd of the history of means', () => {
    const recent = new WindowStats(10);
    const history = new DecayingStats(1000);
    const shifts = Array.from({ length: 200 }, (_, row) => meanShift(recent, history, row % 2 === 0 ? 1 : -1, 30));
    expect(shifts.slice(0, 30).every(Number.isNaN)).toBe(true);
    expect(shifts.slice(30).every((shift) => Math.abs(shift) < 2)).toBe(true);
    const before = { mean: history.mean, sd: Math.sqrt(history.variance) };
    const first = meanShift(recent, history, 5, 30);
    expect(first).toBeCloseTo((recent.mean - before.mean) / before.sd, 12);
    const step = Array.from({ length: 9 }, () => meanShift(recent, history, 5, 30));
    expect(step[8]).toBeGreaterThan(first);
    expect(step[8]).toBeGreaterThan(5);
    expect(history.size).toBe(210);
  });

  it('measures a shift in at least minSpread, however still the history of means has been', () => {
    const still = () => ({ recent: new WindowStats(10), history: new DecayingStats(1000) });
    const unfloored = still();
    const floored = still();
    for (let row = 0; row < 50; row++) {
      meanShift(unfloored.recent, unfloored.history, 0, 30);
      meanShift(floored.recent, floored.history, 0, 30, 0.1);
    }
    // One row of z = 1 moves the mean of ten by 0.1: 100 of the default's 1e-3, one of 0.1.
    expect(meanShift(unfloored.recent, unfloored.history, 1, 30)).toBeCloseTo(100, 9);
    expect(meanShift(floored.recent, floored.history, 1, 30, 0.1)).toBeCloseTo(1, 9);
  });
});
