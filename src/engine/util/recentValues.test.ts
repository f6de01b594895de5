import { RecentValues } from './recentValues';

describe('RecentValues', () => {
  it('keeps the last capacity values, oldest first, contiguous from first at every length', () => {
    const recent = new RecentValues(4);
    expect(recent.toArray()).toEqual(new Float64Array(0));
    for (let value = 1; value <= 11; value++) {
      recent.push(value);
      const kept = Array.from({ length: Math.min(value, 4) }, (_, i) => value - Math.min(value, 4) + 1 + i);
      expect(Array.from(recent.toArray())).toEqual(kept);
      expect(Array.from(recent.buffer.subarray(recent.first, recent.first + recent.length))).toEqual(kept);
      expect(recent.full).toBe(value >= 4);
    }
  });
});
