import { DecayingStats } from './decayingStats';

describe('DecayingStats', () => {
  it('has no variance before its second value', () => {
    const stats = new DecayingStats(10);
    expect(stats.variance).toBe(0);
    stats.push(1e90);
    expect(stats.mean).toBe(1e90);
    expect(stats.variance).toBe(0);
  });

  it('is the plain population mean and variance until its memory is full', () => {
    const stats = new DecayingStats(10);
    [2, 4, 4, 4, 5, 5, 7, 9].forEach((value) => stats.push(value));
    expect(stats.mean).toBeCloseTo(5, 12);
    expect(stats.variance).toBeCloseTo(4, 12);
  });

  it('then weighs the newest value by 1/memory', () => {
    const stats = new DecayingStats(4);
    [1, 1, 1, 1].forEach((value) => stats.push(value));
    stats.push(5);
    expect(stats.mean).toBeCloseTo(2, 12);
    expect(stats.variance).toBeCloseTo(0.75 * (0.25 * 16), 12);
  });

  it('restores a state of fewer than two values with no variance', () => {
    expect(DecayingStats.fromState(10, [1, 3, 2]).variance).toBe(0);
    expect(DecayingStats.fromState(10, [2, 3, 2]).variance).toBe(2);
  });
});
