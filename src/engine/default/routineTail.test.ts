import { gaussian, seededRandom } from '../synthetic/random';
import { RoutineTail, routineTailStateSchema } from './routineTail';
import { surpriseDigits } from './tailProbability';

const MEMORY = 16_000;

/** Standard normal residuals, with Pareto (alpha 1.5) spikes above 4 sd on a share `spikes` of the rows. */
function residuals(rows: number, spikes: number, seed = 1): Float64Array {
  const random = seededRandom(seed);
  const noise = gaussian(seededRandom(seed + 1));
  return Float64Array.from({ length: rows }, () =>
    random() < spikes ? 4 * Math.pow(1 - random(), -1 / 1.5) : noise()
  );
}

function learned(zs: ArrayLike<number>, tail = new RoutineTail(MEMORY)): RoutineTail {
  for (let i = 0; i < zs.length; i++) {
    tail.learn(zs[i]);
  }
  return tail;
}

describe('RoutineTail', () => {
  it('leaves a calm series its normal tail: a week of normal residuals makes nothing routine', () => {
    const tail = learned(residuals(10_080, 0));
    for (const z of [4.5, 7, 10, -7, -30]) {
      expect(tail.digits(z)).toBe(surpriseDigits(Math.abs(z)));
    }
  });

  it('learns routine heavy-tailed spikes: after a week a 10 sd spike is no longer surprising, on their side only', () => {
    const fresh = new RoutineTail(MEMORY);
    expect(fresh.digits(10)).toBe(surpriseDigits(10));
    const tail = learned(residuals(10_080, 0.004));
    // 23 digits under the normal tail (it alerts at 11.7); a few digits under the series' own.
    expect(surpriseDigits(10)).toBeGreaterThan(20);
    expect(tail.digits(10)).toBeLessThan(6);
    expect(tail.digits(100)).toBeLessThan(11.7);
    // Never more surprising than the normal tail, and monotone in the size of the residual.
    expect(tail.digits(4.2)).toBeLessThanOrEqual(surpriseDigits(4.2));
    expect(tail.digits(20)).toBeGreaterThan(tail.digits(10));
    // The spikes are upward: a drop keeps its full surprise.
    expect(tail.digits(-10)).toBe(surpriseDigits(10));
  });

  it('needs more than a few excursions, and counts a burst of rows as one', () => {
    const zs = new Float64Array(5000);
    for (const start of [1000, 2000]) {
      zs.fill(30, start, start + 8);
    }
    const tail = learned(zs);
    expect(routineTailStateSchema.parse(tail.toState()).count[1]).toBeCloseTo(2, 0);
    expect(tail.digits(30)).toBe(surpriseDigits(30));
    for (const start of [3000, 3500, 4000, 4500]) {
      zs.fill(30, start, start + 8);
    }
    expect(learned(zs).digits(30)).toBeLessThan(surpriseDigits(30) / 2);
  });

  it('forgets: a series that stops spiking regains its normal tail', () => {
    const tail = learned(residuals(10_080, 0.004));
    expect(tail.digits(10)).toBeLessThan(6);
    learned(new Float64Array(10 * MEMORY), tail);
    expect(tail.digits(10)).toBe(surpriseDigits(10));
  });

  it('restores bit for bit, an excursion under way included', () => {
    const zs = residuals(8000, 0.01, 3);
    zs.fill(12, 3995, 4003);
    const whole = learned(zs.subarray(0, 4000));
    const restored = new RoutineTail(MEMORY, routineTailStateSchema.parse(JSON.parse(JSON.stringify(whole.toState()))));
    for (let i = 4000; i < zs.length; i++) {
      expect(Object.is(restored.digits(zs[i]), whole.digits(zs[i]))).toBe(true);
      expect(Object.is(restored.digits(-zs[i]), whole.digits(-zs[i]))).toBe(true);
      whole.learn(zs[i]);
      restored.learn(zs[i]);
    }
    expect(restored.toState()).toEqual(whole.toState());
  });
});
