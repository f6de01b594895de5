import { ExcursionLength, excursionLengthStateSchema } from './excursionLength';
import { SeasonalProfile } from './seasonalProfile';

const REPORT_DIGITS = 11.67;
const MINUTE = 60_000;
const NO_SHAPE = { profile: null, timestamp: 0, minSamples: 3 };

/** A small deterministic generator (xorshift) and standard normal draws from it. */
function normals(seed: number): () => number {
  let state = seed;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 4_294_967_296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Feeds `values` with an expected value that adapts as the default detector's predictors do (an exponentially
 * weighted level with a half-life of 7 rows: it has followed a step within a few dozen rows) and a spread of 1.
 * Returns the rows at which an excursion was reported.
 */
function reports(test: ExcursionLength, values: number[]): number[] {
  const reported: number[] = [];
  let level = 0;
  values.forEach((value, row) => {
    if (test.observe(value, level, 1, 1, 0, 0, NO_SHAPE).digits > 0) {
      reported.push(row);
    }
    level += 0.1 * (value - level);
  });
  return reported;
}

/** Noise of sd 1 with `steps` added: [start row, rows, size]. */
function noiseWith(rows: number, seed: number, steps: Array<[number, number, number]>): number[] {
  const draw = normals(seed);
  const values = Array.from({ length: rows }, () => 0.5 * draw());
  for (const [start, length, size] of steps) {
    for (let row = start; row < start + length; row++) {
      values[row] += size;
    }
  }
  return values;
}

/**
 * Feeds 6,000 rows of noise of sd 0.5 plus `added(row)` around an expected value of 0 (spread 1 below, `aboveSpread`
 * above), telling the test that row 3,000 alerted through its other tests. Returns the rows at which an excursion was
 * reported, and whether the excursion under way above was marked as reported already at `checkRow`.
 */
function afterAnAlertAt3000(seed: number, aboveSpread: number, checkRow: number, added: (row: number) => number) {
  const draw = normals(seed);
  const test = new ExcursionLength(16_000, REPORT_DIGITS);
  const reported: number[] = [];
  let markedAt = false;
  for (let row = 0; row < 6000; row++) {
    const alerted = row === 3000 ? REPORT_DIGITS + 1 : 0;
    if (test.observe(0.5 * draw() + added(row), 0, 1, aboveSpread, alerted, 0, NO_SHAPE).digits > 0) {
      reported.push(row);
    }
    if (row === checkRow) {
      markedAt = test.toState().sides[1]?.reported === true;
    }
  }
  return { reported, markedAt };
}

/** As `reports`, with the rows `stepMs` apart in time. */
function reportsAtStep(stepMs: number, values: number[]): number[] {
  const test = new ExcursionLength(16_000, REPORT_DIGITS);
  const reported: number[] = [];
  let level = 0;
  values.forEach((value, row) => {
    const at = { ...NO_SHAPE, timestamp: row * stepMs };
    if (test.observe(value, level, 1, 1, 0, 0, at).digits > 0) {
      reported.push(row);
    }
    level += 0.1 * (value - level);
  });
  return reported;
}

describe('ExcursionLength (the duration test)', () => {
  it('judges a series without long excursions by their length in time: an hour, not a number of rows', () => {
    const hourAt5Minutes = noiseWith(2000, 2, [[1500, 12, 6]]);
    const reported = reportsAtStep(5 * MINUTE, hourAt5Minutes);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeGreaterThan(1500);
    expect(reported[0]).toBeLessThan(1512);
    // The same twelve rows a minute apart are twelve minutes, and a quarter of an hour at 5 minutes is routine.
    expect(reportsAtStep(MINUTE, hourAt5Minutes)).toEqual([]);
    expect(reportsAtStep(5 * MINUTE, noiseWith(2000, 2, [[1500, 3, 6]]))).toEqual([]);
    // Steps beyond 5 minutes count as 5: two rows an hour apart are not an incident by their length alone.
    expect(reportsAtStep(60 * MINUTE, noiseWith(2000, 2, [[1500, 2, 6]]))).toEqual([]);
  });

  it('reports a 6 sd step held for an hour once, although the expected value follows it within a few rows', () => {
    const values = noiseWith(6000, 1, [[4000, 60, 6]]);
    const reported = reports(new ExcursionLength(16_000, REPORT_DIGITS), values);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeGreaterThan(4000 + 10);
    expect(reported[0]).toBeLessThan(4060);
  });

  it('keeps routine bursts of 2 to 10 rows unsurprising (and their ends), and still reports one far longer', () => {
    const draw = normals(2);
    const bursts: Array<[number, number, number]> = [];
    for (let start = 200; start < 7800; start += 150) {
      bursts.push([start, 2 + Math.floor(9 * ((draw() + 3) / 6)), 8]);
    }
    const routine = noiseWith(8000, 3, bursts);
    expect(reports(new ExcursionLength(16_000, REPORT_DIGITS), routine)).toEqual([]);
    const long = noiseWith(8400, 3, [...bursts, [8000, 200, 8]]);
    const reported = reports(new ExcursionLength(16_000, REPORT_DIGITS), long);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeGreaterThan(8000 + 20);
    expect(reported[0]).toBeLessThan(8200);
  });

  it('holds an excursion above at 3 sd (a saturation that dips under 4) and one below at 4 (a first weekend)', () => {
    const saturation = noiseWith(6000, 4, [
      [4000, 1, 6],
      [4001, 59, 3.5],
    ]);
    const reported = reports(new ExcursionLength(16_000, REPORT_DIGITS), saturation);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeGreaterThan(4000 + 30);
    expect(reported[0]).toBeLessThan(4060);
    const lowerLoad = saturation.map((value) => -value);
    expect(reports(new ExcursionLength(16_000, REPORT_DIGITS), lowerLoad)).toEqual([]);
  });

  it('opens no excursion on a gradual drift away from the expected value (no step)', () => {
    const values = noiseWith(6000, 4, []).map((value, row) => (row >= 4000 ? value + 0.05 * (row - 4000) : value));
    const test = new ExcursionLength(16_000, REPORT_DIGITS);
    let level = 0;
    let opened = 0;
    values.forEach((value) => {
      test.observe(value, level, 1, 1, 0, 0, NO_SHAPE);
      opened += test.toState().sides[1]?.age === 1 ? 1 : 0;
      level += 0.01 * (value - level);
    });
    expect(opened).toBe(0);
  });

  it('does not report an excursion whose rows already alerted through the other tests', () => {
    const values = noiseWith(6000, 5, [[4000, 60, 6]]);
    const test = new ExcursionLength(16_000, REPORT_DIGITS);
    let level = 0;
    let reported = 0;
    values.forEach((value, row) => {
      const alerted = row === 4000 ? REPORT_DIGITS + 1 : 0;
      reported += test.observe(value, level, 1, 1, alerted, 0, NO_SHAPE).digits > 0 ? 1 : 0;
      level += 0.1 * (value - level);
    });
    expect(reported).toBe(0);
  });

  it("measures an outage hours after a burst alerted, although it lies within the burst side's wide spread", () => {
    const { reported, markedAt } = afterAnAlertAt3000(8, 10, 3001, (row) =>
      row >= 3000 && row < 3005 ? 100 : row >= 5000 && row < 5200 ? -20 : 0
    );
    expect(markedAt).toBe(true);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeGreaterThan(5000);
    expect(reported[0]).toBeLessThan(5200);
  });

  it('measures a rise hours after a spike alerted on the same side, although it lies beyond the spike reference', () => {
    const { reported, markedAt } = afterAnAlertAt3000(9, 1, 3000, (row) =>
      row === 3000 ? 20 : row >= 5000 && row < 5060 ? 6 : 0
    );
    expect(markedAt).toBe(true);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeGreaterThan(5000);
    expect(reported[0]).toBeLessThan(5060);
  });

  it('measures from the daily shape as it was when the excursion began, not as the profile learns it', () => {
    const profile = new SeasonalProfile(48, 0.1);
    const day = 1440;
    const draw = normals(6);
    const shape = (row: number) => 10 * Math.sin((2 * Math.PI * row) / day);
    const test = new ExcursionLength(16_000, REPORT_DIGITS);
    const reported: number[] = [];
    for (let row = 0; row < 6 * day; row++) {
      const timestamp = row * MINUTE;
      const incident = row >= 5 * day + 300 && row < 5 * day + 360 ? 6 : 0;
      const value = shape(row) + 0.5 * draw() + incident;
      const expected = profile.expected(timestamp, 3);
      if (!Number.isNaN(expected)) {
        const at = { profile, timestamp, minSamples: 3 };
        if (test.observe(value, expected, 1, 1, 0, 0, at).digits > 0) {
          reported.push(row);
        }
      }
      profile.learn(timestamp, value);
    }
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeGreaterThan(5 * day + 300);
    expect(reported[0]).toBeLessThan(5 * day + 360);
  });

  it('continues bit for bit after a JSON round trip of its state, in the middle of an excursion', () => {
    const values = noiseWith(6000, 7, [[4000, 60, 6]]);
    // 5-minute steps: the prior depends on the step, which the restored test must know at its first row, here the
    // row that reports the excursion.
    const [reportRow] = reportsAtStep(5 * MINUTE, values);
    expect(reportRow).toBeGreaterThan(4000);
    const whole = new ExcursionLength(16_000, REPORT_DIGITS);
    let restored: ExcursionLength | null = null;
    let level = 0;
    let reportedAfterRestore = false;
    values.forEach((value, row) => {
      const at = { ...NO_SHAPE, timestamp: row * 5 * MINUTE };
      if (row === reportRow) {
        const state = excursionLengthStateSchema.parse(JSON.parse(JSON.stringify(whole.toState())));
        restored = new ExcursionLength(16_000, REPORT_DIGITS, state);
      }
      const expected = { ...whole.observe(value, level, 1, 1, 0, 0, at) };
      if (restored) {
        expect(restored.observe(value, level, 1, 1, 0, 0, at)).toEqual(expected);
        reportedAfterRestore ||= expected.digits > 0;
      }
      level += 0.1 * (value - level);
    });
    expect(reportedAfterRestore).toBe(true);
  });

  it('restores a state saved before the prior was in time (without the previous timestamp)', () => {
    const test = new ExcursionLength(16_000, REPORT_DIGITS);
    reports(test, noiseWith(100, 8, []));
    const { previousMs, ...saved } = test.toState();
    expect(previousMs).toBe(0);
    const restored = new ExcursionLength(16_000, REPORT_DIGITS, excursionLengthStateSchema.parse(saved));
    expect(restored.toState()).toEqual({ ...saved, previousMs: 'NaN' });
  });
});
