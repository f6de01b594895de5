import { WindowStats } from './windowStats';

describe('WindowStats', () => {
  it('keeps the mean and population variance of the last `capacity` values', () => {
    const stats = new WindowStats(3);
    [10, 1, 2, 3].forEach((v) => stats.push(v));
    expect(stats.size).toBe(3);
    expect(stats.mean).toBeCloseTo(2, 12);
    expect(stats.variance).toBeCloseTo(2 / 3, 12);
  });

  it('restores from its state and continues identically', () => {
    const a = new WindowStats(5);
    for (let i = 0; i < 13; i++) {
      a.push(Math.sin(i) * 100);
    }
    const b = WindowStats.fromState(JSON.parse(JSON.stringify(a.toState())));
    for (let i = 13; i < 30; i++) {
      a.push(Math.cos(i));
      b.push(Math.cos(i));
      expect(b.mean).toBe(a.mean);
      expect(b.variance).toBe(a.variance);
    }
  });

  it('gives the same sums while its buffer grows as a fully allocated window, and restores mid-growth', () => {
    const grown = new WindowStats(1000);
    const allocated = new WindowStats(1000, 1000);
    let restored: WindowStats | null = null;
    for (let i = 0; i < 2600; i++) {
      const value = Math.sin(i * 0.37) * 50 + (i % 7);
      grown.push(value);
      allocated.push(value);
      restored?.push(value);
      if (i === 300) {
        restored = WindowStats.fromState(JSON.parse(JSON.stringify(grown.toState())));
      }
      expect(Object.is(grown.mean, allocated.mean) && Object.is(grown.variance, allocated.variance)).toBe(true);
      expect(Object.is(restored?.variance ?? grown.variance, grown.variance)).toBe(true);
    }
  });
});
