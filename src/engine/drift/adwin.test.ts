import { gaussian, seededRandom } from '../synthetic/random';
import { Adwin } from './adwin';

describe('ADWIN', () => {
  it('does not fire on stationary noise', () => {
    const noise = gaussian(seededRandom(7));
    const adwin = new Adwin();
    let detections = 0;
    for (let i = 0; i < 20_000; i++) {
      detections += adwin.update(noise()) ? 1 : 0;
    }
    expect(detections).toBe(0);
    expect(adwin.width).toBe(20_000);
  });

  it('detects a mean shift soon after it happens and keeps only the recent window', () => {
    const noise = gaussian(seededRandom(8));
    const adwin = new Adwin();
    let detectedAt = -1;
    for (let i = 0; i < 4000; i++) {
      const value = (i >= 2000 ? 2 : 0) + noise();
      if (adwin.update(value) && detectedAt < 0) {
        detectedAt = i;
      }
    }
    expect(detectedAt).toBeGreaterThanOrEqual(2000);
    expect(detectedAt).toBeLessThan(2200);
    expect(adwin.mean).toBeGreaterThan(1.5);
    expect(adwin.width).toBeLessThan(2200);
  });

  it('keeps O(log W) buckets', () => {
    const adwin = new Adwin();
    for (let i = 0; i < 100_000; i++) {
      adwin.update(i % 2);
    }
    expect(adwin.width).toBe(100_000);
    // maxBuckets (5) + 1 per size class, about log2(W / 5) classes.
    expect(adwin.bucketCount).toBeLessThanOrEqual(6 * Math.ceil(Math.log2(100_000)));
  });

  it('continues identically after a state round trip', () => {
    const noise = gaussian(seededRandom(9));
    const values = Array.from({ length: 3000 }, (_, i) => (i > 1500 ? 1.5 : 0) + noise());
    const original = new Adwin();
    values.slice(0, 1000).forEach((value) => original.update(value));
    const copy = Adwin.fromState(JSON.parse(JSON.stringify(original.toState())));
    const rest = values.slice(1000);
    expect(rest.map((value) => copy.update(value))).toEqual(rest.map((value) => original.update(value)));
    expect(copy.toState()).toEqual(original.toState());
  });

  it('ignores non-finite values and rejects a bad delta', () => {
    const adwin = new Adwin();
    expect(adwin.update(NaN)).toBe(false);
    expect(adwin.width).toBe(0);
    expect(() => new Adwin({ delta: 2 })).toThrow('delta must be in (0, 1)');
  });
});

describe('Adwin maxWidth', () => {
  it('keeps at most maxWidth items, so its state stops growing, and restores with the limit', () => {
    const capped = new Adwin({ maxWidth: 100 });
    for (let i = 0; i < 5000; i++) {
      capped.update(Math.sin(i));
    }
    expect(capped.width).toBeLessThanOrEqual(100);
    const size = JSON.stringify(capped.toState()).length;
    for (let i = 0; i < 20000; i++) {
      capped.update(Math.sin(i));
    }
    expect(JSON.stringify(capped.toState()).length).toBeLessThanOrEqual(size + 64);
    expect(Adwin.fromState(JSON.parse(JSON.stringify(capped.toState()))).maxWidth).toBe(100);
  });
});
