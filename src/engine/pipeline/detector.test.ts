import type { DetectionResult } from '../detection';
import { DetectorSpecError, parseDetectorSpec, type DetectorSpecInput } from '../detectorSpec';
import { gaussian, seededRandom } from '../synthetic/random';
import { createDetector, restoreDetector } from './factory';
import { scoreCausally } from './scoreCausally';
import { StateError } from './state';

const STEP = 60_000;
const DAY = 86_400_000;

function spec(overrides: Partial<DetectorSpecInput> = {}) {
  return parseDetectorSpec({ id: 'test', name: 'test', query: 'up', ...overrides });
}

/** A daily sine with noise: `days` of 1-minute points starting at a Monday. */
function seasonalSeries(days: number, seed = 1, start = Date.UTC(2026, 0, 5)) {
  const noise = gaussian(seededRandom(seed));
  const count = days * 1440;
  const timestamps = Float64Array.from({ length: count }, (_, i) => start + i * STEP);
  const values = Float64Array.from(
    timestamps,
    (t) => 100 + 20 * Math.sin((2 * Math.PI * (t % DAY)) / DAY) + 2 * noise()
  );
  return { labels: { instance: 'a' }, timestamps, values };
}

function slice(series: ReturnType<typeof seasonalSeries>, from: number, to?: number) {
  return {
    labels: series.labels,
    timestamps: series.timestamps.slice(from, to),
    values: series.values.slice(from, to),
  };
}

function expectWellFormed(result: DetectionResult) {
  for (let i = 0; i < result.scores.length; i++) {
    expect(result.scores[i] >= 0 && result.scores[i] <= 1).toBe(true);
    expect(result.anomalies[i]).toBe(result.scores[i] >= result.threshold ? 1 : 0);
  }
}

const KINDS = ['isolation_forest', 'seasonal_baseline', 'half_space_trees'] as const;

describe.each(KINDS)('detector pipeline (%s)', (kind) => {
  const history = seasonalSeries(4, 3);

  it('flags a planted spike and explains it in words', () => {
    const detector = createDetector(spec({ model: { kind, params: {} } }));
    detector.fit(slice(history, 0, 3 * 1440));
    const next = slice(history, 3 * 1440);
    const spikeAt = 600;
    next.values[spikeAt] += 200;
    const result = detector.score(next);
    expectWellFormed(result);
    expect(result.anomalies[spikeAt]).toBe(1);
    expect(result.scores[spikeAt]).toBeGreaterThan(0.75);
    expect(result.explanations[spikeAt]).toMatch(/above the expected|sudden jump|above the mean/);
    const flagged = result.anomalies.reduce((sum, flag) => sum + flag, 0);
    expect(flagged).toBeLessThan(15);
    expect(Number.isFinite(result.expected[spikeAt])).toBe(true);
    expect(result.lower[spikeAt]).toBeLessThan(result.upper[spikeAt]);
  });

  it('restores from JSON state with bit-identical scores', () => {
    const detector = createDetector(spec({ model: { kind, params: {} } }));
    detector.fit(slice(history, 0, 3 * 1440));
    const json = JSON.stringify(detector.toState());
    const restored = restoreDetector(spec({ model: { kind, params: {} } }), JSON.parse(json));
    const next = slice(history, 3 * 1440, 3 * 1440 + 600);
    next.values[100] += 80;
    const a = detector.score(next);
    const b = restored.score(next);
    expect(a.scores.every((score, i) => Object.is(score, b.scores[i]))).toBe(true);
    expect(a.expected.every((value, i) => Object.is(value, b.expected[i]))).toBe(true);
  });

  it('gives the same results streaming as in a batch', () => {
    const batch = createDetector(spec({ model: { kind, params: {} } }));
    const stream = createDetector(spec({ model: { kind, params: {} } }));
    const train = slice(history, 0, 2 * 1440);
    batch.fit(train);
    stream.fit(train);
    const next = slice(history, 2 * 1440, 2 * 1440 + 300);
    const result = batch.score(next);
    for (let i = 0; i < 300; i++) {
      const point = stream.update(next.timestamps[i], next.values[i]);
      expect(Object.is(point.score, result.scores[i])).toBe(true);
      expect(point.explanation).toBe(result.explanations[i]);
    }
  });

  it('finds a 10-sigma spike at any scale, with its band in the same units', () => {
    const noise = gaussian(seededRandom(7));
    const rows = 3000;
    const spikeAt = 2500;
    const timestamps = Float64Array.from({ length: rows }, (_, i) => i * STEP);
    const values = Float64Array.from({ length: rows }, (_, i) => 1 + 0.01 * noise() + (i === spikeAt ? 0.1 : 0));
    const detect = (factor: number) =>
      createDetector(spec({ model: { kind, params: {} } })).score({
        labels: {},
        timestamps,
        values: values.map((value) => value * factor),
      });
    const unscaled = detect(1);
    expect(unscaled.anomalies[spikeAt]).toBe(1);
    for (const factor of [1e-12, 1e-9, 1e9]) {
      const scaled = detect(factor);
      expect(scaled.anomalies[spikeAt]).toBe(1);
      for (let i = 1000; i < rows; i += 100) {
        expect(scaled.upper[i] / factor).toBeCloseTo(unscaled.upper[i], 12);
      }
    }
  });
});

describe('state size', () => {
  it('stays under 16 KiB for a week of 5-minute data and does not grow with history', () => {
    const step = 5 * 60_000;
    const week = 7 * 288;
    const start = Date.UTC(2026, 0, 5);
    const timestamps = Float64Array.from({ length: week * 4 }, (_, i) => start + i * step);
    const values = Float64Array.from(timestamps, (_, i) =>
      Number((100 + 30 * Math.sin((2 * Math.PI * i) / 288) + 5 * Math.sin(i * 7.3) ** 2).toFixed(3))
    );
    const labels = { instance: 'a' };
    for (const kind of KINDS) {
      const weekSpec = spec({ model: { kind, params: {} }, step: '5m', trainingWindow: '7d' });
      let detector = createDetector(weekSpec);
      detector.fit({ labels, timestamps: timestamps.slice(0, week), values: values.slice(0, week) });
      const sizes: number[] = [];
      for (let day = 0; day < 21; day++) {
        const from = week + day * 288;
        detector.score({
          labels,
          timestamps: timestamps.slice(from, from + 288),
          values: values.slice(from, from + 288),
        });
        const text = JSON.stringify(detector.toState());
        sizes.push(text.length);
        detector = restoreDetector(weekSpec, JSON.parse(text));
      }
      expect({ kind, largest: Math.max(...sizes) <= 16 * 1024 }).toEqual({ kind, largest: true });
      expect({ kind, grown: sizes[20] - sizes[6] <= 256 }).toEqual({ kind, grown: true });
    }
  });
});

describe('an anomaly no single deviation explains', () => {
  it('quotes the anomaly score it was flagged with, not the raw model score', () => {
    // Values at one level, seen only in the first half of each day: 18:00 is new to a forest of the time of day.
    const detector = createDetector(
      spec({ features: ['time_of_day'], model: { kind: 'isolation_forest', params: {} } })
    );
    const timestamps: number[] = [];
    const values: number[] = [];
    for (let day = 0; day < 4; day++) {
      for (let minute = 0; minute < 720; minute += 5) {
        timestamps.push(Date.UTC(2024, 0, 1 + day) + minute * STEP);
        values.push(1 + ((minute * 7919) % 13) / 1000);
      }
    }
    detector.fit({ labels: {}, timestamps: Float64Array.from(timestamps), values: Float64Array.from(values) });
    const point = detector.update(Date.UTC(2024, 0, 5, 18), 1.006);
    expect(point.anomaly).toBe(true);
    expect(point.explanation).toBe(
      `unusual pattern (model score ${point.score.toFixed(2)}): value 1.01, change +0.006`
    );
  });
});

describe('isolation forest with the band folded in', () => {
  it('scores the larger of forest and band, and explains by the band', () => {
    const history = seasonalSeries(4, 3);
    const detector = createDetector(spec({ model: { kind: 'isolation_forest', params: { band: true } } }));
    detector.fit(slice(history, 0, 3 * 1440));
    const next = slice(history, 3 * 1440);
    next.values[700] += 60;
    const result = detector.score(next);
    expect(result.anomalies[700]).toBe(1);
    expect(result.explanations[700]).toMatch(/above the expected .* UTC/);
  });
});

describe('scoreCausally', () => {
  it('is causal: rows up to k keep their scores when later rows change', () => {
    for (const kind of KINDS) {
      const series = seasonalSeries(2, 5);
      const s = spec({ model: { kind, params: {} }, trainingWindow: '1d' });
      const before = scoreCausally(s, series.timestamps, series.values);
      const k = 1700;
      const altered = series.values.slice();
      for (let i = k + 1; i < altered.length; i++) {
        altered[i] = altered[i] * 3 + 50;
      }
      const after = scoreCausally(s, series.timestamps, altered);
      for (let i = 0; i <= k; i++) {
        expect(Object.is(before.scores[i], after.scores[i])).toBe(true);
      }
      expect(after.scores.slice(k + 1).some((score, i) => score !== before.scores[k + 1 + i])).toBe(true);
    }
  });

  it('warms up at 0, then scores every row finitely, with gaps, repeats and out-of-order rows', () => {
    const series = seasonalSeries(1, 6);
    const timestamps = series.timestamps.slice();
    const values = series.values.slice();
    timestamps[500] = timestamps[499];
    timestamps[800] = timestamps[700];
    for (let i = 900; i < 1000; i++) {
      values[i] = NaN;
    }
    const result = scoreCausally(spec({ model: { kind: 'isolation_forest', params: {} } }), timestamps, values);
    expect(result.scores.slice(0, 20).every((score) => score === 0)).toBe(true);
    expect(result.scores.every((score) => Number.isFinite(score) && score >= 0 && score <= 1)).toBe(true);
    expect(result.scores[800]).toBe(0);
    expect(result.scores[950]).toBe(0);
    expect(Number.isNaN(result.values[950])).toBe(true);
  });

  it('finds a level shift as drift and refits on what follows', () => {
    const noise = gaussian(seededRandom(12));
    const count = 4000;
    const timestamps = Float64Array.from({ length: count }, (_, i) => i * STEP);
    const values = Float64Array.from({ length: count }, (_, i) => (i >= 3000 ? 40 : 10) + noise());
    for (const method of ['adwin', 'page_hinkley'] as const) {
      const s = spec({
        model: { kind: 'seasonal_baseline', params: {} },
        seasonality: 'none',
        drift: { method, stream: 'value' },
      });
      const result = scoreCausally(s, timestamps, values);
      expect(result.drift.length).toBeGreaterThanOrEqual(1);
      expect(result.drift[0].index).toBeGreaterThanOrEqual(3000);
      expect(result.drift[0].index).toBeLessThan(3100);
      expect(result.drift[0].method).toBe(method);
      // After the refit the new level is normal again.
      expect(result.anomalies.slice(3300).reduce((sum, flag) => sum + flag, 0)).toBeLessThan(5);
      expect(result.drift.every((event) => event.index < 3000 === false)).toBe(true);
    }
  });

  it('scores every row of a 22,000-row file, refitting past the training window', () => {
    const series = seasonalSeries(16, 7);
    series.values[21_000] += 150;
    const result = scoreCausally(
      spec({ model: { kind: 'isolation_forest', params: {} } }),
      series.timestamps.slice(0, 22_000),
      series.values.slice(0, 22_000)
    );
    expect(result.scores.length).toBe(22_000);
    expect(result.scores.every((score) => Number.isFinite(score) && score >= 0 && score <= 1)).toBe(true);
    expect(result.anomalies[21_000]).toBe(1);
  });
});

describe('degenerate input', () => {
  const cases: Array<[string, number[]]> = [
    ['empty', []],
    ['one point', [5]],
    ['constant', new Array(500).fill(3)],
    ['all NaN', new Array(200).fill(NaN)],
    ['huge values', Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? -1e300 : 1e300))],
    ['infinities', Array.from({ length: 300 }, (_, i) => (i % 50 === 0 ? Infinity : i % 3))],
  ];
  it.each(cases)('%s: finite scores in [0,1], no exception', (_name, raw) => {
    for (const kind of [...KINDS, 'default'] as const) {
      const timestamps = Float64Array.from(raw, (_, i) => i * STEP);
      const values = Float64Array.from(raw);
      const result = scoreCausally(spec({ model: { kind, params: {} } }), timestamps, values);
      expect(result.scores.length).toBe(raw.length);
      expect(result.scores.every((score) => Number.isFinite(score) && score >= 0 && score <= 1)).toBe(true);
      const detector = createDetector(spec({ model: { kind, params: {} } }));
      detector.fit({ labels: {}, timestamps, values });
      const point = detector.update(raw.length * STEP, 1);
      expect(Number.isFinite(point.score)).toBe(true);
    }
  });

  it('a constant series flags a change and says so', () => {
    const timestamps = Float64Array.from({ length: 300 }, (_, i) => i * STEP);
    const detector = createDetector(spec({ model: { kind: 'seasonal_baseline', params: {} } }));
    detector.fit({ labels: {}, timestamps, values: new Float64Array(300).fill(3) });
    const point = detector.update(300 * STEP, 4);
    expect(point.anomaly).toBe(true);
    expect(point.explanation).toMatch(
      /value 4 is .*σ above the expected 3|sudden jump: change of \+1 after a flat stretch/
    );
  });
});

describe('specs and states', () => {
  it('rejects unknown or invalid model parameters by key', () => {
    expect(() => createDetector(spec({ model: { kind: 'isolation_forest', params: { trees: 0 } } }))).toThrow(
      /model\.params\.trees/
    );
    expect(() => createDetector(spec({ model: { kind: 'half_space_trees', params: { depth: 3 } } }))).toThrow(
      DetectorSpecError
    );
    expect(() =>
      createDetector(
        spec({ model: { kind: 'isolation_forest', params: {} }, drift: { method: 'adwin', params: { delta: 5 } } })
      )
    ).toThrow(/drift\.params\.delta/);
    expect(() => createDetector({ id: 'BAD id', name: 'x', query: 'q' })).toThrow(DetectorSpecError);
  });

  it('refuses states of another version, another configuration, or corrupt ones', () => {
    const s = spec({ model: { kind: 'isolation_forest', params: {} } });
    const detector = createDetector(s);
    detector.fit(slice(seasonalSeries(1, 2), 0, 600));
    const state = JSON.parse(JSON.stringify(detector.toState()));
    expect(() => restoreDetector(s, { ...state, version: 99 })).toThrow(StateError);
    expect(() => restoreDetector(s, { ...state, version: 99 })).toThrow('version 99 is not supported');
    expect(() => restoreDetector(spec({ model: { kind: 'isolation_forest', params: { trees: 50 } } }), state)).toThrow(
      'another configuration'
    );
    expect(() => restoreDetector(s, { ...state, model: { ...state.model, reservoir: 'AAA=' } })).toThrow(StateError);
    expect(() => restoreDetector(s, 'garbage')).toThrow(StateError);
    // Sensitivity only moves the threshold: the state still applies.
    expect(() =>
      restoreDetector(spec({ model: { kind: 'isolation_forest', params: {} }, sensitivity: 0.9 }), state)
    ).not.toThrow();
  });

  it('handles counters as rates, across resets', () => {
    const timestamps = Float64Array.from({ length: 600 }, (_, i) => i * STEP);
    // Restarted at i = 300: the sample after the restart counts from zero (60 = one minute at 1/s).
    const values = Float64Array.from({ length: 600 }, (_, i) => (i < 300 ? i * 60 : (i - 299) * 60));
    const counterSpec = spec({ model: { kind: 'seasonal_baseline', params: {} }, counter: true });
    const result = createDetector(counterSpec).score({ labels: {}, timestamps, values });
    expect(result.scores[300]).toBeLessThan(result.threshold);
    expect(result.expected[400]).toBeCloseTo(1, 6);
    expect([result.values[0], result.values[300], result.values[400]]).toEqual([NaN, NaN, 1]);
    const first = createDetector(counterSpec);
    first.score({ labels: {}, timestamps: timestamps.slice(0, 350), values: values.slice(0, 350) });
    const restored = restoreDetector(counterSpec, JSON.parse(JSON.stringify(first.toState())));
    const rest = restored.score({ labels: {}, timestamps: timestamps.slice(350), values: values.slice(350) });
    expect(Array.from(rest.values)).toEqual(Array.from(result.values.slice(350)));
    expect(Array.from(rest.scores)).toEqual(Array.from(result.scores.slice(350)));
  });

  it("explains a counter's anomaly in its rate, per second", () => {
    const timestamps = Float64Array.from({ length: 3000 }, (_, i) => i * STEP);
    // About 1 request a second (0.9 to 1.1), then 10 a second for five minutes from i = 2500.
    const values = new Float64Array(3000);
    for (let i = 1; i < 3000; i++) {
      values[i] = values[i - 1] + (i >= 2500 && i < 2505 ? 600 : 60 + 2 * ((i % 7) - 3));
    }
    const counterSpec = spec({ model: { kind: 'seasonal_baseline', params: {} }, counter: true });
    const result = createDetector(counterSpec).score({ labels: {}, timestamps, values });
    expect(result.anomalies[2500]).toBe(1);
    expect(result.explanations[2500]).toBe('sudden jump: change of +9.1/s vs typical ±0.0492/s');
  });
});
