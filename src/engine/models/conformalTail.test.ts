import { ConformalTail } from './conformalTail';

function filled(capacity: number, values: number[]): ConformalTail {
  const tail = new ConformalTail(capacity);
  values.forEach((value) => tail.push(value));
  return tail;
}

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('ConformalTail', () => {
  it('is 1 with an empty calibration set', () => {
    expect(new ConformalTail(10).tailProbability(5)).toBe(1);
  });

  it('counts inside the body of the set: (scores at or above + 1) / (n + 1)', () => {
    const tail = filled(100, oneToHundred);
    expect(tail.tailProbability(50)).toBeCloseTo(52 / 101, 12);
    expect(tail.tailProbability(0)).toBeCloseTo(1, 12);
    expect(tail.tailProbability(90)).toBeCloseTo(12 / 101, 12);
  });

  it('extrapolates beyond the top tenth as an exponential over its mean excess', () => {
    const tail = filled(100, oneToHundred);
    // Top tenth 91..100 over the threshold 91: mean excess 4.5.
    expect(tail.tailProbability(95.5)).toBeCloseTo((10 / 101) * Math.exp(-1), 12);
    expect(tail.tailProbability(100 + 45)).toBeCloseTo((10 / 101) * Math.exp(-54 / 4.5), 12);
    const far = [200, 400, 800].map((score) => tail.tailProbability(score));
    expect(far[0]).toBeGreaterThan(far[1]);
    expect(far[1]).toBeGreaterThan(far[2]);
  });

  it('never returns 0, so an infinite score is the most surprising one and not NaN', () => {
    const tail = filled(100, oneToHundred);
    expect(tail.tailProbability(Infinity)).toBe(Number.MIN_VALUE);
    expect(tail.tailProbability(1e300)).toBe(Number.MIN_VALUE);
  });

  it('ranks among the last `capacity` scores only', () => {
    const slid = filled(100, [...Array.from({ length: 150 }, (_, i) => 1000 + i), ...oneToHundred]);
    const fresh = filled(100, oneToHundred);
    expect(slid.size).toBe(100);
    for (const score of [0, 37.5, 91, 99, 150, 1e6]) {
      expect(slid.tailProbability(score)).toBe(fresh.tailProbability(score));
    }
  });

  it('restores the same calibration set from its state', () => {
    const tail = filled(
      64,
      Array.from({ length: 90 }, (_, i) => Math.sin(i) * 10 + (i % 7))
    );
    const restored = ConformalTail.fromState(64, JSON.parse(JSON.stringify(tail.toState())));
    for (const score of [-20, 0, 3.3, 9.9, 15, 40]) {
      expect(restored.tailProbability(score)).toBe(tail.tailProbability(score));
    }
    expect(() => ConformalTail.fromState(32, tail.toState())).toThrow(/more than its capacity 32/);
  });
});
