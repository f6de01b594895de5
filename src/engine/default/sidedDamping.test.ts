import { SidedDamping, sidedDampingStateSchema } from './sidedDamping';

const MINUTE = 60_000;
/** Rows apart by 5 minutes, within a refractory of 500 minutes (100 rows): the time limit is not reached. */
const FIVE_MINUTES = 5 * MINUTE;

type Row = [timestamp: number, score: number, below: boolean, value: number, expected: number, spread: number];

describe('SidedDamping', () => {
  it('damps a score that does not beat the record of its own side only', () => {
    const damping = new SidedDamping(100, 500 * MINUTE, 0.5);
    expect(damping.apply(0, 0.9, false, 900, 500, 50)).toBe(0.9);
    expect(damping.apply(FIVE_MINUTES, 0.8, false, 850, 500, 50)).toBe(0.4);
    // A drop far below what was expected before the burst: an incident of its own, in full.
    expect(damping.apply(2 * FIVE_MINUTES, 0.8, true, 30, 500, 50)).toBe(0.8);
    expect(damping.apply(3 * FIVE_MINUTES, 0.7, true, 30, 400, 50)).toBe(0.35);
  });

  it("holds a value that returns to the level before the other side's incident to that side's record", () => {
    const damping = new SidedDamping(100, 500 * MINUTE, 0.5);
    expect(damping.apply(0, 0.99, true, 0, 90, 5)).toBe(0.99);
    // The stall ends: 91 is within 3 spreads of the 90 expected when it began, though far above the learned 40.
    expect(damping.apply(FIVE_MINUTES, 0.75, false, 91, 40, 5)).toBe(0.375);
    // A jump well above that level, beating the record of its own side, is a new incident.
    expect(damping.apply(2 * FIVE_MINUTES, 0.8, false, 200, 40, 5)).toBe(0.8);
  });

  it('forgets a record after `refractory` rows, and passes every score with refractory 0', () => {
    const damping = new SidedDamping(3, 500 * MINUTE, 0.5);
    damping.apply(0, 0.9, false, 900, 500, 50);
    for (let k = 1; k <= 3; k++) {
      damping.apply(k * FIVE_MINUTES, 0, false, 500, 500, 50);
    }
    expect(damping.apply(4 * FIVE_MINUTES, 0.8, false, 850, 500, 50)).toBe(0.8);
    expect(new SidedDamping(0, 500 * MINUTE, 0.5).apply(0, 0.1, false, 1, 1, 1)).toBe(0.1);
  });

  it('forgets a record older than `refractoryMs`, however few rows came since (hourly steps)', () => {
    const HOUR = 60 * MINUTE;
    const damping = new SidedDamping(100, 500 * MINUTE, 0.5);
    expect(damping.apply(0, 0.9, false, 900, 500, 50)).toBe(0.9);
    expect(damping.apply(8 * HOUR, 0.8, false, 850, 500, 50)).toBe(0.4);
    // 0.9 was 9 hours ago, 0.8 an hour ago: 0.85 beats the only score of the last 500 minutes.
    expect(damping.apply(9 * HOUR, 0.85, false, 870, 500, 50)).toBe(0.85);
    // Rows without times are limited by their count only.
    const untimed = new SidedDamping(100, 500 * MINUTE, 0.5);
    untimed.apply(NaN, 0.9, false, 900, 500, 50);
    expect(untimed.apply(NaN, 0.85, false, 870, 500, 50)).toBe(0.425);
  });

  it('continues exactly after a round trip of its state through JSON, both sides and NaN included', () => {
    const rows: Row[] = [
      [0.9, false, 900, 500, 50],
      [0.6, true, 100, 500, 50],
      [NaN, false, 500, 500, 50],
      [0.2, true, 480, 500, 50],
      [0.95, true, 10, 500, 50],
      [0, false, 500, 500, 50],
    ].map(([...row], k) => [k * FIVE_MINUTES, ...row] as Row);
    const probes: Row[] = [
      [0.85, false, 880, 500, 50],
      [0.9, true, 20, 500, 50],
      [0.97, false, 505, 20, 5],
      [0.3, true, 400, 500, 50],
    ].map(([...row], k) => [(rows.length + k) * FIVE_MINUTES, ...row] as Row);
    const whole = new SidedDamping(4, 500 * MINUTE, 0.5);
    const first = new SidedDamping(4, 500 * MINUTE, 0.5);
    for (const row of rows) {
      whole.apply(...row);
      first.apply(...row);
    }
    const state = sidedDampingStateSchema.parse(JSON.parse(JSON.stringify(first.toState())));
    const restored = new SidedDamping(4, 500 * MINUTE, 0.5, state);
    for (const probe of probes) {
      expect(Object.is(restored.apply(...probe), whole.apply(...probe))).toBe(true);
    }
    expect(restored.toState()).toEqual(whole.toState());
  });

  it('stores only the scores that can still be a maximum, and continues exactly from them at every cut', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    // Irregular steps of 1 to 20 minutes: some records leave by their age, some by the count of rows after them.
    let at = 0;
    const rows = Array.from({ length: 400 }, (_, k): Row => {
      at += MINUTE * (1 + Math.floor(20 * random()));
      return [at, k % 97 === 5 ? NaN : random(), random() < 0.4, 500 + 100 * (random() - 0.5), 500, 50];
    });
    for (const cut of [10, 49, 50, 51, 200, 333]) {
      const whole = new SidedDamping(50, 300 * MINUTE, 0.5);
      const first = new SidedDamping(50, 300 * MINUTE, 0.5);
      rows.slice(0, cut).forEach((row) => {
        whole.apply(...row);
        first.apply(...row);
      });
      const stored = first.toState();
      // A window of random scores has a few record-holders per side counted from its newest end (and its NaN).
      expect(stored.rows).toBeLessThanOrEqual(Math.min(cut, 50));
      expect(stored.at.length).toBeGreaterThan(0);
      expect(stored.at.length).toBeLessThan(Math.max(8, Math.min(cut, 50) / 3));
      const restored = new SidedDamping(
        50,
        300 * MINUTE,
        0.5,
        sidedDampingStateSchema.parse(JSON.parse(JSON.stringify(stored)))
      );
      for (const row of rows.slice(cut)) {
        expect(Object.is(restored.apply(...row), whole.apply(...row))).toBe(true);
      }
      expect(restored.toState()).toEqual(whole.toState());
    }
  });

  it('refuses a stored window whose offsets do not fit it', () => {
    const state = {
      rows: 3,
      at: [1, 3],
      scores: 'AAAAAAAA8D8AAAAAAADwPw==',
      times: 'AAAAAAAAAAAAAAAAAAAAAA==',
      records: [
        [NaN, NaN],
        [NaN, NaN],
      ],
    };
    expect(() => new SidedDamping(3, 500 * MINUTE, 0.5, state as never)).toThrow(
      'damping window of 3 rows cannot hold a score at offset 3'
    );
  });
});
