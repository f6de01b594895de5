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

  it('drops the values older than a time from the front, whichever was the maximum, the ring wrapped or not', () => {
    const recent = new RecentMax(7);
    const window: Array<[value: number, time: number]> = [];
    let seed = 99;
    let time = 0;
    for (let i = 0; i < 3000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const draw = seed / 2147483648;
      time += 1 + Math.floor(draw * 9);
      const value = i % 89 === 0 ? NaN : Math.floor(((draw * 977) % 1) * 20) / 20;
      recent.push(value, time);
      window.push([value, time]);
      if (window.length > 7) {
        window.shift();
      }
      const cutoff = time - 25;
      recent.dropBefore(cutoff);
      while (window.length > 0 && window[0][1] < cutoff) {
        window.shift();
      }
      expect(Object.is(recent.max, naiveMax(window.map(([v]) => v)))).toBe(true);
      expect(recent.timesToArray()).toEqual(window.map(([, t]) => t));
    }
  });

  it('keeps values without a time (NaN) however late the cut-off', () => {
    const recent = RecentMax.from(3, [0.4, 0.2]);
    recent.dropBefore(Infinity);
    expect(recent.toArray()).toEqual([0.4, 0.2]);
    expect(recent.max).toBe(0.4);
  });
});
