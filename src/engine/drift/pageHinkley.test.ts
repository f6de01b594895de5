import { gaussian, seededRandom } from '../synthetic/random';
import { PageHinkley } from './pageHinkley';

describe('Page-Hinkley', () => {
  it('does not fire on stationary noise', () => {
    const noise = gaussian(seededRandom(17));
    const test = new PageHinkley();
    let detections = 0;
    for (let i = 0; i < 20_000; i++) {
      detections += test.update(noise()) ? 1 : 0;
    }
    expect(detections).toBe(0);
  });

  it('detects upward and downward mean shifts', () => {
    for (const shift of [2, -2]) {
      const noise = gaussian(seededRandom(18));
      const test = new PageHinkley();
      let detectedAt = -1;
      for (let i = 0; i < 3000 && detectedAt < 0; i++) {
        if (test.update((i >= 1000 ? shift : 0) + noise())) {
          detectedAt = i;
        }
      }
      expect(detectedAt).toBeGreaterThanOrEqual(1000);
      expect(detectedAt).toBeLessThan(1060);
    }
  });

  it('continues identically after a state round trip', () => {
    const noise = gaussian(seededRandom(19));
    const values = Array.from({ length: 2000 }, (_, i) => (i > 1200 ? 1.5 : 0) + noise());
    const original = new PageHinkley();
    values.slice(0, 500).forEach((value) => original.update(value));
    const copy = PageHinkley.fromState(JSON.parse(JSON.stringify(original.toState())));
    const rest = values.slice(500);
    expect(rest.map((value) => copy.update(value))).toEqual(rest.map((value) => original.update(value)));
  });

  it('rejects bad parameters', () => {
    expect(() => new PageHinkley({ threshold: 0 })).toThrow('threshold must be positive');
    expect(() => new PageHinkley({ alpha: 1.5 })).toThrow('alpha must be in (0, 1]');
  });
});
