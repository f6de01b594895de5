import { RecentMax } from './recentMax';

/** What the detector computed before RecentMax: Math.max from 0 over the window. */
function naiveMax(window: number[]): number {
  let largest = 0;
  for (const value of window) {
    largest = Math.max(largest, value);
  }
  return largest;
}

describe('RecentMax', () => {
  it('gives the loop maximum of the last `capacity` values at every step, NaN included', () => {
    const recent = new RecentMax(7);
    const window: number[] = [];
    let seed = 12345;
    for (let i = 0; i < 2000; i++) {
      expect(Object.is(recent.max, naiveMax(window))).toBe(true);
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const draw = seed / 2147483648;
      const value = i % 97 === 0 ? NaN : i % 13 === 0 ? 0 : Math.floor(draw * 20) / 20;
      recent.push(value);
      window.push(value);
      if (window.length > 7) {
        window.shift();
      }
    }
    expect(recent.toArray()).toEqual(window);
  });

  it('rebuilds from its values, keeping only the newest `capacity`', () => {
    const recent = RecentMax.from(3, [0.9, 0.1, 0.4, 0.2]);
    expect(recent.toArray()).toEqual([0.1, 0.4, 0.2]);
    expect(recent.max).toBe(0.4);
    recent.push(0.3);
    expect(recent.max).toBe(0.4);
    recent.push(0.05);
    recent.push(0.05);
    expect(recent.max).toBe(0.3);
  });
});
