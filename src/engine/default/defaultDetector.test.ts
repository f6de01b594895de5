import { parseDetectorSpec } from '../detectorSpec';
import { createDetector, restoreDetector, scoreCausally, StateError } from '../index';
import { episodes, seriesEpisodeGapMs } from '../evaluation/episodes';
import { gaussian, seededRandom } from '../synthetic/random';
import { generateServerMetrics } from '../synthetic/serverMetrics';
import { DefaultDetector, defaultScorerParams } from './defaultDetector';
import { digitsFromScore } from './defaultScorer';

const spec = parseDetectorSpec({ id: 'cpu', name: 'cpu', query: 'cpu' });
/** The same without the log-scale drop test, which would otherwise be the one to flag the drops of the linear tests' cases. */
const linearDrops = parseDetectorSpec({ ...spec, model: { kind: 'default', params: { logDrop: false } } });

/** Daily sine at 5-minute steps plus deterministic noise, with an optional spike. */
function series(rows: number, spikeAt = -1) {
  const timestamps = new Float64Array(rows);
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    timestamps[i] = Date.UTC(2024, 0, 1) + i * 300_000;
    values[i] = 100 + 30 * Math.sin((2 * Math.PI * i) / 288) + (((i * 7919) % 17) - 8) / 2 + (i === spikeAt ? 60 : 0);
  }
  return { labels: {}, timestamps, values };
}

describe('DefaultDetector', () => {
  it('is what the factory builds for model kind default', () => {
    expect(createDetector(spec)).toBeInstanceOf(DefaultDetector);
  });

  it('flags a spike with an explanation and an expected band that contains normal points', () => {
    const result = new DefaultDetector(spec).score(series(2000, 1500));
    expect(result.anomalies[1500]).toBe(1);
    expect(result.explanations[1500]).toMatch(/sd above the expected/);
    const flagged = result.anomalies.reduce((a, b) => a + b, 0);
    expect(flagged).toBeLessThanOrEqual(3);
    let inside = 0;
    for (let i = 1000; i < 1400; i++) {
      inside += result.values[i] >= result.lower[i] && result.values[i] <= result.upper[i] ? 1 : 0;
    }
    expect(inside).toBe(400);
    expect(result.scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('learns the daily profile: the same spike height at a seasonal peak is not flagged once the profile is known', () => {
    const data = series(3000);
    const result = new DefaultDetector(spec).score(data);
    expect(result.anomalies.slice(1000).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('writes large and small values in exponent notation, ordinary ones as they read', () => {
    const explained = (factor: number) => {
      const data = series(2000, 1500);
      const result = new DefaultDetector(spec).score({ ...data, values: data.values.map((value) => value * factor) });
      return result.explanations[1500];
    };
    expect(explained(1)).toMatch(/^\d{3}\.\d is \d+\.\d sd above the expected \d{2,3}\.\d+ \(/);
    expect(explained(1e14)).toMatch(/^\d\.\d{3}e\+16 is \d+\.\d sd above the expected \d\.\d{3}e\+1[56] \(/);
    expect(explained(1e-9)).toMatch(/^\d\.\d{3}e-7 is \d+\.\d sd above the expected \d\.\d{3}e-[78] \(/);
  });

  it('flags a value too large to model (1e300) and learns nothing from it, in warm-up too: later rows score as if it were missing', () => {
    const withValue = (huge: number) => {
      const data = series(3000, 2500);
      data.values[3] = huge;
      data.values[1500] = huge;
      return new DefaultDetector(spec).score(data);
    };
    const huge = withValue(1e300);
    const missing = withValue(NaN);
    expect(huge.anomalies[1500]).toBe(1);
    expect(huge.explanations[1500]).toContain(
      '1.000e+300 is beyond what the detector can model (magnitude above 1.000e+100'
    );
    expect(Array.from(huge.scores.slice(4, 1500))).toEqual(Array.from(missing.scores.slice(4, 1500)));
    expect(Array.from(huge.scores.slice(1501))).toEqual(Array.from(missing.scores.slice(1501)));
    expect(Array.from(huge.upper.slice(1501))).toEqual(Array.from(missing.upper.slice(1501)));
    expect(huge.anomalies[2500]).toBe(1);
    expect(huge.scores.every(Number.isFinite)).toBe(true);
    const stateAfterTenRows = (value: number) => {
      const detector = new DefaultDetector(spec);
      const data = series(10);
      data.values[3] = value;
      detector.score(data);
      return detector.toState();
    };
    expect(stateAfterTenRows(1e300)).toEqual(stateAfterTenRows(NaN));
  });

  it('continues bit for bit after a state round trip through JSON', () => {
    const data = series(1600, 1400);
    const whole = new DefaultDetector(spec).score(data);
    const first = new DefaultDetector(spec);
    first.fit({ labels: {}, timestamps: data.timestamps.slice(0, 900), values: data.values.slice(0, 900) });
    const restored = restoreDetector(spec, JSON.parse(JSON.stringify(first.toState())));
    const rest = restored.score({ labels: {}, timestamps: data.timestamps.slice(900), values: data.values.slice(900) });
    expect(Array.from(rest.scores)).toEqual(Array.from(whole.scores.slice(900)));
    expect(Array.from(rest.upper)).toEqual(Array.from(whole.upper.slice(900)));
  });

  it('restores a state saved before any value', () => {
    const restored = restoreDetector(spec, JSON.parse(JSON.stringify(new DefaultDetector(spec).toState())));
    const data = series(600, 500);
    expect(Array.from(restored.score(data).scores)).toEqual(Array.from(new DefaultDetector(spec).score(data).scores));
  });

  it('alerts on the first weekend of a weekday-shaped series and not on the later ones', () => {
    const rows = 28 * 288;
    const timestamps = new Float64Array(rows);
    const values = new Float64Array(rows);
    const monday = Date.UTC(2024, 0, 1);
    for (let i = 0; i < rows; i++) {
      timestamps[i] = monday + i * 300_000;
      const weekend = Math.floor(i / 288) % 7 >= 5;
      values[i] = (weekend ? 40 : 100) * (1 + 0.3 * Math.sin((2 * Math.PI * i) / 288)) + (((i * 7919) % 17) - 8) / 4;
    }
    const result = new DefaultDetector(spec).score({ labels: {}, timestamps, values });
    const firstWeekend = result.anomalies.slice(5 * 288 - 12, 7 * 288);
    expect(firstWeekend.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(result.anomalies.slice(7 * 288).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('continues bit for bit after a round trip before and after its memory has filled', () => {
    const small = parseDetectorSpec({
      id: 'cpu',
      name: 'cpu',
      query: 'cpu',
      model: { kind: 'default', params: { window: 120 } },
    });
    const data = series(1600, 1400);
    const whole = new DefaultDetector(small).score(data);
    for (const cut of [119, 120, 361, 997]) {
      const first = new DefaultDetector(small);
      first.fit({ labels: {}, timestamps: data.timestamps.slice(0, cut), values: data.values.slice(0, cut) });
      const restored = restoreDetector(small, JSON.parse(JSON.stringify(first.toState())));
      const rest = restored.score({
        labels: {},
        timestamps: data.timestamps.slice(cut),
        values: data.values.slice(cut),
      });
      expect(rest.scores.every((score, i) => Object.is(score, whole.scores[cut + i]))).toBe(true);
      expect(rest.expected.every((expected, i) => Object.is(expected, whole.expected[cut + i]))).toBe(true);
    }
  });

  it('refuses a state saved under other parameters, or missing a distribution, with StateError', () => {
    const small = parseDetectorSpec({
      id: 'cpu',
      name: 'cpu',
      query: 'cpu',
      model: { kind: 'default', params: { window: 120 } },
    });
    const saved = new DefaultDetector(small);
    saved.fit(series(300));
    const state = JSON.parse(JSON.stringify(saved.toState()));
    const other = parseDetectorSpec({
      id: 'cpu',
      name: 'cpu',
      query: 'cpu',
      model: { kind: 'default', params: { window: 150 } },
    });
    expect(() => restoreDetector(other, state)).toThrow(/window=120/);
    state.scorer.residuals.pop();
    expect(() => restoreDetector(small, state)).toThrow(StateError);
  });

  it('keeps a bounded state: under 9 KiB, constant scorer, drift test capped at the memory', () => {
    const data = series(30 * 288, 1500);
    const states = [1, 7, 15, 30].map((days) => {
      const detector = new DefaultDetector(spec);
      const rows = days * 288;
      detector.fit({ labels: {}, timestamps: data.timestamps.slice(0, rows), values: data.values.slice(0, rows) });
      return detector.toState();
    });
    const sizes = states.map((state) => JSON.stringify(state).length);
    const scorerSizes = states.map((state) => JSON.stringify(state.scorer).length);
    // The duration test keeps up to four frozen 48-slot profiles (about 0.5 KiB each) besides the scorer.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(9 * 1024);
    // From day 7 (the first day's profile has barely begun its residual moments) to day 30: the same size, but for
    // the damping window's scores that can still be a maximum (a handful, their number varies) and the drift test.
    expect(Math.abs(scorerSizes[3] - scorerSizes[1])).toBeLessThanOrEqual(128);
    expect(Math.abs(sizes[3] - sizes[2])).toBeLessThanOrEqual(128);
    const weekly = new DefaultDetector(parseDetectorSpec({ ...spec, seasonality: 'weekly' }));
    weekly.fit(data);
    expect(JSON.stringify(weekly.toState()).length).toBeLessThanOrEqual(16 * 1024);
  });

  it('rejects a state that is not its own with StateError, and bad params naming the key', () => {
    expect(() => restoreDetector(spec, { version: 1, kind: 'isolation_forest' })).toThrow(StateError);
    expect(
      () => new DefaultDetector(parseDetectorSpec({ ...spec, model: { kind: 'default', params: { window: 'big' } } }))
    ).toThrow(/model\.params\.window/);
  });

  it("gives ADWIN the spec's drift.params under its own memory cap, and refuses a spec that would set the cap", () => {
    const drifting = parseDetectorSpec({ ...spec, drift: { params: { clock: 64, delta: 0.01 } } });
    const { window, shortWindow } = defaultScorerParams(drifting);
    expect(new DefaultDetector(drifting).toState().drift).toMatchObject({
      clock: 64,
      delta: 0.01,
      maxWidth: Math.ceil(window / shortWindow),
    });
    const unchecked = { ...spec, drift: { ...spec.drift, params: { maxWidth: 1e9 } } };
    expect(() => new DefaultDetector(unchecked)).toThrow(/drift\.params\.maxWidth: unknown key/);
  });

  it('scores every row causally through scoreCausally, including missing values', () => {
    const data = series(800, 700);
    data.values[100] = NaN;
    const full = scoreCausally(spec, data.timestamps, data.values);
    const prefix = scoreCausally(spec, data.timestamps.slice(0, 500), data.values.slice(0, 500));
    expect(full.scores).toHaveLength(800);
    expect(full.scores[100]).toBe(0);
    expect(Array.from(prefix.scores)).toEqual(Array.from(full.scores.slice(0, 500)));
  });

  it('reports drift when the level moves for good', () => {
    const data = series(3000);
    for (let i = 2000; i < 3000; i++) {
      data.values[i] += 200;
    }
    const result = new DefaultDetector(spec).score(data);
    expect(result.drift.some((event) => event.index >= 2000 && event.index < 2400)).toBe(true);
    expect(result.drift.filter((event) => event.index < 2000).length).toBeLessThanOrEqual(2);
    expect(result.anomalies.slice(2000, 2010).some((flag) => flag === 1)).toBe(true);
  });

  it('finds most labelled windows of the built-in demo metrics without alerting on the normal series', () => {
    const demo = generateServerMetrics({ days: 7 });
    let windows = 0;
    let found = 0;
    for (const s of demo) {
      const result = new DefaultDetector(spec).score(s);
      for (const [from, to] of s.anomalyWindows) {
        windows++;
        const hit = Array.from(result.anomalies).some(
          (flag, i) => flag === 1 && s.timestamps[i] >= from && s.timestamps[i] <= to
        );
        found += hit ? 1 : 0;
      }
      if (s.scenario === 'normal') {
        expect(result.anomalies.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
      }
    }
    expect(found / windows).toBeGreaterThanOrEqual(0.6);
  });

  it('draws a band that a spike does not widen, and never below zero for a series that never was', () => {
    const spike = generateServerMetrics({ days: 7 }).find((s) => s.scenario === 'spike')!;
    const result = new DefaultDetector(spec).score(spike);
    const first = result.anomalies.indexOf(1);
    expect(first).toBeGreaterThan(0);
    const width = (i: number) => result.upper[i] - result.lower[i];
    const before = width(first - 5);
    for (const after of [2, 10, 50, 200]) {
      expect(width(first + after) / before).toBeLessThan(1.25);
    }
    expect(Math.min(...Array.from(result.lower).filter(Number.isFinite))).toBeGreaterThanOrEqual(0);
  });

  it('scores a counter (counter: true) by its per-second rate: resets are not anomalies, a stall is, and restores continue', () => {
    const counterSpec = parseDetectorSpec({ id: 'req', name: 'req', query: 'http_requests_total', counter: true });
    const rows = 3000;
    const timestamps = new Float64Array(rows);
    const values = new Float64Array(rows);
    let count = 0;
    for (let i = 0; i < rows; i++) {
      timestamps[i] = Date.UTC(2024, 0, 1) + i * 60_000;
      const rate = 100 + 10 * Math.sin((2 * Math.PI * i) / 1440) + (((i * 7919) % 17) - 8) / 4;
      const stalled = i >= 2500 && i < 2530;
      // A restart every 350 rows: the counter starts again from its first increase, or from 0 when the process
      // had counted nothing yet at the scrape (a rate of 0 if the new value were read as the increase).
      const restart = i % 700 === 0 ? rate * 60 : i % 700 === 350 ? 0 : NaN;
      count = Number.isNaN(restart) ? count + (stalled ? 0 : rate * 60) : restart;
      values[i] = count;
    }
    const data = { labels: {}, timestamps, values };
    const result = new DefaultDetector(counterSpec).score(data);
    const flagged = Array.from(result.anomalies.keys()).filter((i) => result.anomalies[i] === 1);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((i) => i >= 2500 && i < 2530)).toBe(true);
    expect(result.explanations[flagged[0]]).toMatch(/^0\/s is .* the expected [\d.]+\/s/);
    // The result reports the rate it scored, which its band is of; none at the first sample and at a restart.
    expect(result.values[2000]).toBe((values[2000] - values[1999]) / 60);
    expect([0, 350, 700].map((i) => result.values[i])).toEqual([NaN, NaN, NaN]);
    expect(result.expected[2000]).toBeGreaterThan(80);
    expect(result.expected[2000]).toBeLessThan(120);
    // As a plain gauge the same values alert at the restarts.
    const asGauge = new DefaultDetector(spec).score(data);
    expect([350, 700, 1050].every((i) => asGauge.anomalies[i] === 1)).toBe(true);

    const first = new DefaultDetector(counterSpec);
    first.fit({ labels: {}, timestamps: timestamps.slice(0, 1200), values: values.slice(0, 1200) });
    const restored = restoreDetector(counterSpec, JSON.parse(JSON.stringify(first.toState())));
    const rest = restored.score({ labels: {}, timestamps: timestamps.slice(1200), values: values.slice(1200) });
    expect(Array.from(rest.scores)).toEqual(Array.from(result.scores.slice(1200)));
    expect(Array.from(rest.values)).toEqual(Array.from(result.values.slice(1200)));
  });

  it('splits the spread of residuals skewed upwards: routine bursts stay quiet, a drop as deep as a burst is high alerts', () => {
    const rows = 4000;
    const timestamps = new Float64Array(rows);
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      timestamps[i] = Date.UTC(2024, 0, 1) + i * 60_000;
      const burst = i % 200 >= 100 && i % 200 < 105;
      values[i] = 100 + (((i * 7919) % 17) - 8) / 2 + (burst ? 30 : 0) - (i === 3550 ? 30 : 0);
    }
    const result = new DefaultDetector(linearDrops).score({ labels: {}, timestamps, values });
    expect(result.anomalies[3550]).toBe(1);
    expect(result.explanations[3550]).toMatch(/sd below the expected/);
    const bursts = Array.from(result.anomalies.keys()).filter((i) => i >= 1000 && i % 200 >= 100 && i % 200 < 105);
    expect(bursts.filter((i) => result.anomalies[i] === 1)).toEqual([]);
    const below = result.expected[3500] - result.lower[3500];
    const above = result.upper[3500] - result.expected[3500];
    expect(above / below).toBeGreaterThan(1.2);
    expect(above / below).toBeLessThanOrEqual(Math.sqrt(1.5 / 0.5) + 1e-9);
  });

  it('flags an outage right after a burst: the damping records of the two sides are separate', () => {
    const noise = gaussian(seededRandom(11));
    const rows = 3200;
    const timestamps = new Float64Array(rows);
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      timestamps[i] = Date.UTC(2024, 0, 1) + i * 60_000;
      const routineBurst = i % 200 >= 100 && i % 200 < 105;
      const bigBurst = i >= 3000 && i < 3005;
      const rate = 500 * (routineBurst ? 1.5 : bigBurst ? 4 : 1);
      const sampled = rate + Math.sqrt(rate) * noise();
      values[i] = i >= 3040 && i < 3070 ? 0.05 * sampled : sampled;
    }
    const result = new DefaultDetector(linearDrops).score({ labels: {}, timestamps, values });
    expect(result.anomalies[3000]).toBe(1);
    // The burst 40 rows before scored higher: one record for both sides would have halved the outage's score.
    expect(result.scores[3000]).toBeGreaterThan(result.scores[3040]);
    expect(result.anomalies[3040]).toBe(1);
    expect(result.explanations[3040]).toMatch(/sd below the expected/);
    const outage = episodes(result.anomalies, timestamps, { maxGapMs: seriesEpisodeGapMs(timestamps) }).filter(
      (episode) => episode.start >= 3040
    );
    expect(outage).toHaveLength(1);
  });

  it('holds the damping for at most 500 minutes of the series time: at hourly steps a spike half a day later alerts again', () => {
    const noise = gaussian(seededRandom(5));
    const rows = 1500;
    const timestamps = Float64Array.from({ length: rows }, (_, i) => Date.UTC(2024, 0, 1) + i * 3_600_000);
    const values = Float64Array.from(
      { length: rows },
      (_, i) => 50 + noise() + (i === 1000 ? 15 : i === 1012 ? 10 : 0)
    );
    const result = new DefaultDetector(spec).score({ labels: {}, timestamps, values });
    expect(result.anomalies[1000]).toBe(1);
    expect(result.anomalies[1012]).toBe(1);
    // Held for 100 rows, as at 5-minute steps, the record of 1000 would halve the second spike for four days.
    const rowsOnly = parseDetectorSpec({ ...spec, model: { kind: 'default', params: { refractoryMinutes: 525_600 } } });
    const held = new DefaultDetector(rowsOnly).score({ labels: {}, timestamps, values });
    expect(held.anomalies[1000]).toBe(1);
    expect(held.scores[1012]).toBeCloseTo(result.scores[1012] / 2, 12);
    expect(held.anomalies[1012]).toBe(0);
  });

  it('counts a surprise per 5 minutes of the series time: at hourly steps it gains log10(12) digits, at 5 minutes none', () => {
    const noise = gaussian(seededRandom(9));
    const rows = 1500;
    const values = Float64Array.from({ length: rows }, (_, i) => 50 + noise() + (i === 1200 ? 7 : 0));
    const at = (stepMs: number) => Float64Array.from({ length: rows }, (_, i) => Date.UTC(2024, 0, 1) + i * stepMs);
    const perRow = parseDetectorSpec({ ...spec, model: { kind: 'default', params: { surprisePerTime: false } } });
    const hourly = { labels: {}, timestamps: at(3_600_000), values };
    const perTime = new DefaultDetector(spec).score(hourly);
    const plain = new DefaultDetector(perRow).score(hourly);
    expect(digitsFromScore(perTime.scores[1200]) - digitsFromScore(plain.scores[1200])).toBeCloseTo(Math.log10(12), 9);
    // 7 sd above: a tail probability of about 1e-11 per row, short of the cut-off's 1e-11.7 per 5 minutes but beyond it
    // per hour.
    expect(plain.anomalies[1200]).toBe(0);
    expect(perTime.anomalies[1200]).toBe(1);
    // The band narrows to where a single value alerts: the two detectors' band edges otherwise follow the same spread.
    const width = (result: typeof plain, i: number) => result.upper[i] - result.lower[i];
    expect(width(perTime, 1100)).toBeLessThan(0.96 * width(plain, 1100));
    // At 5-minute steps (and below) nothing changes.
    const fiveMinutes = { labels: {}, timestamps: at(300_000), values };
    const same = new DefaultDetector(spec).score(fiveMinutes);
    const before = new DefaultDetector(perRow).score(fiveMinutes);
    expect(same.scores.every((score, i) => Object.is(score, before.scores[i]))).toBe(true);
    expect(same.upper.every((edge, i) => Object.is(edge, before.upper[i]))).toBe(true);
  });

  it("judges a deviation within the range seen no finer than the values' last decimal: a gauge ticking one unit alerts once", () => {
    const random = seededRandom(3);
    const rows = 14 * 288;
    const timestamps = Float64Array.from({ length: rows }, (_, i) => Date.UTC(2024, 0, 1) + i * 300_000);
    // A CPU share written to the thousandth: 0.134, and on about one row in 300 0.136.
    const ticks = Float64Array.from({ length: rows }, () => (random() < 1 / 300 ? 0.136 : 0.134));
    const noFloor = parseDetectorSpec({ ...spec, model: { kind: 'default', params: { resolutionFloor: false } } });
    const alertsAt = (result: { anomalies: ArrayLike<number> }) =>
      Array.from(result.anomalies, (flag, i) => (flag ? i : -1)).filter((i) => i >= 0);
    const tickRows = Array.from(ticks, (value, i) => (value === 0.136 ? i : -1)).filter((i) => i >= 0);
    const gauge = { labels: {}, timestamps, values: ticks };
    const floored = alertsAt(new DefaultDetector(spec).score(gauge));
    const unfloored = alertsAt(new DefaultDetector(noFloor).score(gauge));
    expect(tickRows.length).toBeGreaterThan(10);
    expect(unfloored.filter((i) => tickRows.includes(i)).length).toBeGreaterThan(5);
    // The first tick is beyond the range seen: it alerts. Every later one lies within it and is one unit off.
    const firstWarm = tickRows.find((i) => i > 30)!;
    expect(floored).toEqual([firstWarm]);
    // A flag that has only read 1 still alerts on its first 0, and a large move within the range still alerts.
    const flag = Float64Array.from({ length: rows }, (_, i) => (i === 2000 ? 0 : 1));
    expect(alertsAt(new DefaultDetector(spec).score({ labels: {}, timestamps, values: flag }))).toEqual([2000]);
    const jump = Float64Array.from(ticks, (value, i) => (i === 3000 ? 0.2 : i === 3500 ? 0.16 : value));
    expect(alertsAt(new DefaultDetector(spec).score({ labels: {}, timestamps, values: jump }))).toEqual([
      33, 3000, 3500,
    ]);
    // Continuous values have no last decimal: every score and band edge is the same as without the floor.
    const continuous = series(2000, 1500);
    const same = new DefaultDetector(spec).score(continuous);
    const before = new DefaultDetector(noFloor).score(continuous);
    expect(same.scores.every((score, i) => Object.is(score, before.scores[i]))).toBe(true);
    expect(same.lower.every((edge, i) => Object.is(edge, before.lower[i]))).toBe(true);
  });

  it("judges a counter's rate no finer than one unit of the counter over its interval: rare errors alert once, an hour of them alerts", () => {
    const errorsSpec = parseDetectorSpec({ id: 'errors', name: 'errors', query: 'http_errors_total', counter: true });
    const noFloor = parseDetectorSpec({
      ...errorsSpec,
      model: { kind: 'default', params: { resolutionFloor: false } },
    });
    const random = seededRandom(5);
    const rows = 14 * 288;
    const timestamps = Float64Array.from({ length: rows }, (_, i) => Date.UTC(2024, 0, 1) + i * 300_000);
    const inHour = (i: number) => i >= 3000 && i < 3012;
    // An error in about one 5-minute interval in 200, and one in every interval of the hour from row 3000.
    const errorRows: number[] = [];
    let count = 1000;
    const values = Float64Array.from({ length: rows }, (_, i) => {
      const error = inHour(i) || random() < 1 / 200;
      if (error && !inHour(i)) {
        errorRows.push(i);
      }
      count += error ? 1 : 0;
      return count;
    });
    const alertsAt = (result: { anomalies: ArrayLike<number> }) =>
      Array.from(result.anomalies, (flag, i) => (flag ? i : -1)).filter((i) => i >= 0);
    const data = { labels: {}, timestamps, values };
    const floored = alertsAt(new DefaultDetector(errorsSpec).score(data));
    const unfloored = alertsAt(new DefaultDetector(noFloor).score(data));
    expect(errorRows.length).toBeGreaterThan(15);
    expect(unfloored.filter((i) => errorRows.includes(i)).length).toBeGreaterThan(10);
    // The first error's rate is beyond the range seen; every later one is one unit of the counter over 300 s.
    expect(floored.filter((i) => !inHour(i))).toEqual([errorRows[0]]);
    expect(floored.some(inHour)).toBe(true);
  });

  it("hears a sustained shift after a still series' first move: its z in the millions does not deafen the shift test", () => {
    const random = seededRandom(7);
    const rows = 14 * 288;
    const timestamps = Float64Array.from({ length: rows }, (_, i) => Date.UTC(2024, 0, 1) + i * 300_000);
    // 0.134, on about one row in 300 0.136, and 0.136 for the hour from row 3000.
    const values = Float64Array.from({ length: rows }, (_, i) =>
      (i >= 3000 && i < 3012) || random() < 1 / 300 ? 0.136 : 0.134
    );
    const firstTick = values.indexOf(0.136);
    const result = new DefaultDetector(spec).score({ labels: {}, timestamps, values });
    const alerts = Array.from(result.anomalies, (flag, i) => (flag ? i : -1)).filter((i) => i >= 0);
    expect(firstTick).toBeLessThan(300);
    expect(alerts[0]).toBe(firstTick);
    expect(alerts.some((i) => i >= 3000 && i < 3012)).toBe(true);
    // Besides the first tick and its step back, only the hour and its end.
    expect(alerts.filter((i) => i > firstTick + 1 && (i < 3000 || i > 3012))).toEqual([]);
  });

  describe('after a lasting change (two days of 1-minute noise, then a third with a new level or spread)', () => {
    const day = 1440;
    function changed(level: number, sd: number) {
      const noise = gaussian(seededRandom(7));
      const timestamps = new Float64Array(3 * day);
      const values = new Float64Array(3 * day);
      for (let i = 0; i < 3 * day; i++) {
        timestamps[i] = Date.UTC(2024, 0, 1) + i * 60_000;
        values[i] = i < 2 * day ? 50 + noise() : 50 + level + sd * noise();
      }
      const result = new DefaultDetector(spec).score({ labels: {}, timestamps, values });
      const after = episodes(result.anomalies, timestamps, { maxGapMs: seriesEpisodeGapMs(timestamps) }).filter(
        (episode) => episode.start >= 2 * day
      );
      /** Steps after the change until the band holds the next 60 values. */
      let follows = 0;
      while (follows < day && !holds(result, values, 2 * day + follows, 60)) {
        follows++;
      }
      return { after, follows };
    }
    function holds(result: ReturnType<DefaultDetector['score']>, values: Float64Array, from: number, rows: number) {
      for (let i = from; i < from + rows; i++) {
        if (!(values[i] >= result.lower[i] && values[i] <= result.upper[i])) {
          return false;
        }
      }
      return true;
    }

    it('alerts on a spread ten times wider in one episode and draws the band around it within eight hours', () => {
      // 880 steps while the band's clipping ignored the scoring spread; the memory is 4,000 rows either way.
      const { after, follows } = changed(0, 10);
      expect(after).toHaveLength(1);
      expect(follows).toBeLessThanOrEqual(480);
    });

    it('alerts on a level that moved for good in one episode, at the step, and follows it within an hour', () => {
      // 129 steps while the band's clipping ignored the scoring spread.
      const { after, follows } = changed(30, 1);
      expect(after).toHaveLength(1);
      expect(after[0].start).toBe(2 * day);
      expect(follows).toBeLessThanOrEqual(60);
    });
  });

  it('keeps the band on the negative side for a series that is never positive', () => {
    const data = series(1000);
    const negative = { ...data, values: data.values.map((v) => -v) };
    const result = new DefaultDetector(spec).score(negative);
    expect(Math.max(...Array.from(result.upper).filter(Number.isFinite))).toBeLessThanOrEqual(0);
  });
});
