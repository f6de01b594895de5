import { gaussian, seededRandom } from '../synthetic/random';
import { MAD_TO_SIGMA } from '../util/robust';
import { RecentWindow } from './recentWindow';

function naive(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const deviations = values.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  const mad = deviations.length % 2 ? deviations[mid] : (deviations[mid - 1] + deviations[mid]) / 2;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return { median, mad, mean, std };
}

describe('RecentWindow', () => {
  it('tracks mean, std, median and MAD of the last values', () => {
    const noise = gaussian(seededRandom(3));
    const window = new RecentWindow(25);
    const all: number[] = [];
    for (let i = 0; i < 200; i++) {
      const value = Math.round(noise() * 10) + (i > 100 ? 50 : 0);
      window.push(value);
      all.push(value);
      const expected = naive(all.slice(-25));
      expect(window.median()).toBe(expected.median);
      expect(window.robustScale(window.median())).toBeCloseTo(MAD_TO_SIGMA * expected.mad, 9);
      expect(window.mean()).toBeCloseTo(expected.mean, 9);
      if (all.length > 1) {
        expect(window.std()).toBeCloseTo(expected.std, 9);
      }
    }
    expect(Array.from(window.values())).toEqual(all.slice(-25));
  });

  it('restores exactly from its state', () => {
    const window = new RecentWindow(10);
    for (let i = 0; i < 37; i++) {
      window.push(Math.sin(i) * 1e3);
    }
    const copy = RecentWindow.fromState(JSON.parse(JSON.stringify(window.toState())));
    for (let i = 37; i < 60; i++) {
      window.push(Math.cos(i));
      copy.push(Math.cos(i));
      expect(Object.is(copy.mean(), window.mean())).toBe(true);
      expect(Object.is(copy.std(), window.std())).toBe(true);
      expect(copy.median()).toBe(window.median());
    }
  });
});
