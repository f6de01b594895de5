import { gaussian, seededRandom } from '../synthetic/random';
import { DAY_MS } from '../seasonal/period';
import { ROUTINE_BASE_SD, RoutineTail, routineTailStateSchema } from './routineTail';
import { surpriseDigits } from './tailProbability';

const MINUTE = 60_000;
const WEEK_ROWS = 7 * 1440;

/** Standard normal residuals, with spikes drawn by `spike` (in sd) on a share `spikes` of the rows. */
function residuals(rows: number, spikes: number, spike: (u: number) => number, seed = 1): Float64Array {
  const random = seededRandom(seed);
  const noise = gaussian(seededRandom(seed + 1));
  return Float64Array.from({ length: rows }, () => (random() < spikes ? spike(random()) : noise()));
}

/** Pareto (alpha 1.5) spikes from 4 sd: most are small, a few are huge. */
const pareto = (u: number) => 4 * Math.pow(1 - u, -1 / 1.5);
/** Bursts that reach between 5 and 12 sd, never more (a rate that at most triples). */
const bounded = (u: number) => 5 + 7 * u;

/** Learns zs as rows `stepMs` apart, the first at `startMs`. */
function learned(zs: ArrayLike<number>, tail = new RoutineTail(DAY_MS), stepMs = MINUTE, startMs = 0): RoutineTail {
  for (let i = 0; i < zs.length; i++) {
    tail.learn(zs[i], startMs + i * stepMs);
  }
  return tail;
}

describe('RoutineTail', () => {
  it('leaves a calm series its normal tail: a week of normal residuals makes nothing routine', () => {
    const tail = learned(residuals(WEEK_ROWS, 0, pareto));
    for (const z of [4.5, 7, 10, -7, -30]) {
      expect(tail.digits(z)).toBe(surpriseDigits(Math.abs(z)));
    }
  });

  it('learns routine heavy-tailed spikes: after a week a 10 sd spike is no longer surprising, on their side only', () => {
    const fresh = new RoutineTail(DAY_MS);
    expect(fresh.digits(10)).toBe(surpriseDigits(10));
    // About six spikes a day at 1-minute steps.
    const tail = learned(residuals(WEEK_ROWS, 0.004, pareto));
    // 23 digits under the normal tail (it alerts at 11.7); a few digits under the series' own.
    expect(surpriseDigits(10)).toBeGreaterThan(20);
    expect(tail.digits(10)).toBeLessThan(6);
    // Never more surprising than the normal tail, and monotone in the size of the residual.
    expect(tail.digits(ROUTINE_BASE_SD + 0.2)).toBeLessThanOrEqual(surpriseDigits(ROUTINE_BASE_SD + 0.2));
    expect(tail.digits(20)).toBeGreaterThan(tail.digits(10));
    expect(tail.digits(20)).toBeLessThan(surpriseDigits(20));
    // The spikes are upward: a drop keeps its full surprise.
    expect(tail.digits(-10)).toBe(surpriseDigits(10));
  });

  it('learns where bounded bursts end: a burst within their range is routine, one twice their largest is not', () => {
    const tail = learned(residuals(WEEK_ROWS, 0.004, bounded));
    expect(tail.digits(8)).toBeLessThan(6);
    expect(tail.digits(11)).toBeLessThan(surpriseDigits(11) / 2);
    // A power law fitted to the same bursts would put a 24 sd burst at a few more digits than a 12 sd one.
    expect(tail.digits(24)).toBe(surpriseDigits(24));
  });

  it('does not end the tail of peaks of much the same size just beyond the largest: a little larger is routine too', () => {
    // Bursts that all reach 9.5 to 10.5 sd: moments alone end their tail just past the largest of them.
    const tail = learned(residuals(WEEK_ROWS, 0.004, (u) => 9.5 + u));
    expect(tail.digits(10)).toBeLessThan(6);
    expect(tail.digits(12)).toBeLessThan(surpriseDigits(12) / 2);
    expect(tail.digits(30)).toBe(surpriseDigits(30));
  });

  it('needs more than a few excursions, and counts a burst of rows as one', () => {
    const zs = new Float64Array(1440);
    for (const [start, size] of [
      [200, 20],
      [500, 30],
    ]) {
      zs.fill(size, start, start + 8);
    }
    // A month's memory: these six excursions in a day are all still counted at its end.
    const month = () => new RoutineTail(30 * DAY_MS);
    const tail = learned(zs, month());
    expect(routineTailStateSchema.parse(tail.toState()).count[1]).toBeCloseTo(2, 0);
    expect(tail.digits(25)).toBe(surpriseDigits(25));
    for (const [start, size] of [
      [700, 25],
      [900, 35],
      [1100, 22],
      [1300, 28],
    ]) {
      zs.fill(size, start, start + 8);
    }
    expect(learned(zs, month()).digits(25)).toBeLessThan(surpriseDigits(25) / 2);
  });

  it('remembers in time, not rows: a week of calm forgets the spikes, and so does a gap of a week', () => {
    const spiky = residuals(WEEK_ROWS, 0.004, pareto);
    const calmAfter = learned(new Float64Array(WEEK_ROWS), learned(spiky), MINUTE, WEEK_ROWS * MINUTE);
    expect(calmAfter.digits(10)).toBe(surpriseDigits(10));
    const gap = learned(spiky);
    expect(gap.digits(10)).toBeLessThan(6);
    gap.learn(0, 2 * WEEK_ROWS * MINUTE);
    expect(gap.digits(10)).toBe(surpriseDigits(10));
    // The same spikes, one a day at 5-minute steps as at 1-minute steps: routine at neither.
    const sparse = learned(residuals(WEEK_ROWS, 1 / 288, pareto), new RoutineTail(DAY_MS), 5 * MINUTE);
    expect(sparse.digits(10)).toBe(surpriseDigits(10));
  });

  it('restores bit for bit, an excursion under way included', () => {
    const zs = residuals(8000, 0.01, pareto, 3);
    zs.fill(12, 3995, 4003);
    const whole = learned(zs.subarray(0, 4000));
    const restored = new RoutineTail(DAY_MS, routineTailStateSchema.parse(JSON.parse(JSON.stringify(whole.toState()))));
    for (let i = 4000; i < zs.length; i++) {
      expect(Object.is(restored.digits(zs[i]), whole.digits(zs[i]))).toBe(true);
      expect(Object.is(restored.digits(-zs[i]), whole.digits(-zs[i]))).toBe(true);
      whole.learn(zs[i], i * MINUTE);
      restored.learn(zs[i], i * MINUTE);
    }
    expect(restored.toState()).toEqual(whole.toState());
  });
});
