import { DetectorSpecError, parseDetectorSpec } from '../detectorSpec';
import { createDetector, restoreDetector } from '../pipeline/factory';
import { StateError } from '../pipeline/state';
import type { Series } from '../series';
import { gaussian, seededRandom } from '../synthetic/random';

const STEP = 5 * 60_000;
const DAY_ROWS = 288;
const KINDS = ['knn_cad', 'contextual', 'artime', 'ensemble'] as const;

function spec(kind: string, params: Record<string, unknown> = {}, counter = false) {
  return parseDetectorSpec({ id: 'test', name: 'test', query: 'up', step: '5m', counter, model: { kind, params } });
}

/** `days` of 5-minute points of a daily cycle with noise and a slow trend, values rounded like a metric. */
function dailySeries(days: number, seed = 1): Series {
  const noise = gaussian(seededRandom(seed));
  const start = Date.UTC(2026, 0, 5);
  const timestamps = Float64Array.from({ length: days * DAY_ROWS }, (_, i) => start + i * STEP);
  const values = Float64Array.from(timestamps, (_, i) =>
    Number((100 + 0.01 * i + 30 * Math.sin((2 * Math.PI * i) / DAY_ROWS) + 3 * noise()).toFixed(2))
  );
  return { labels: { instance: 'a' }, timestamps, values };
}

function slice(series: Series, from: number, to?: number): Series {
  return {
    labels: series.labels,
    timestamps: series.timestamps.slice(from, to),
    values: series.values.slice(from, to),
  };
}

describe.each(KINDS)('model kind %s: the detector contract', (kind) => {
  it('scores a series cut and restored from JSON at uneven points exactly as in one go', () => {
    const series = dailySeries(5);
    series.values[900] += 400;
    series.values[1100] = NaN;
    const whole = createDetector(spec(kind)).score(series);

    let detector = createDetector(spec(kind));
    const scores: number[] = [];
    const explanations: Array<string | null> = [];
    let cuts = 0;
    for (let from = 0, run = 1; from < series.values.length; from += run, run = ((run * 7 + 3) % 300) + 1) {
      const part = detector.score(slice(series, from, from + run));
      scores.push(...part.scores);
      explanations.push(...part.explanations);
      detector = restoreDetector(spec(kind), JSON.parse(JSON.stringify(detector.toState())));
      cuts++;
    }
    expect(cuts).toBeGreaterThan(10);
    expect(scores).toHaveLength(whole.scores.length);
    const differing = scores.findIndex((score, i) => !Object.is(score, whole.scores[i]));
    expect(differing).toBe(-1);
    expect(explanations).toEqual(whole.explanations);
  });

  it('streams (update) exactly as it scores a batch', () => {
    const series = dailySeries(3, 2);
    const batch = createDetector(spec(kind)).score(series);
    const stream = createDetector(spec(kind));
    for (let i = 0; i < series.values.length; i++) {
      const point = stream.update(series.timestamps[i], series.values[i]);
      expect(Object.is(point.score, batch.scores[i])).toBe(true);
    }
  });

  it('keeps its state under 16 KiB for a week of 5-minute data, not growing after that', () => {
    const series = dailySeries(28, 3);
    let detector = createDetector(spec(kind));
    const sizes: number[] = [];
    for (let day = 0; day < 28; day++) {
      detector.score(slice(series, day * DAY_ROWS, (day + 1) * DAY_ROWS));
      const text = JSON.stringify(detector.toState());
      sizes.push(text.length);
      detector = restoreDetector(spec(kind), JSON.parse(text));
    }
    expect(Math.max(...sizes.slice(0, 7))).toBeLessThanOrEqual(16 * 1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(16 * 1024);
    // The rest is bounded buffers; what varies is the length of the numbers' decimal text.
    expect(sizes[27] - sizes[6]).toBeLessThan(1024);
  });

  it('refuses a state of another kind, another version or other parameters with StateError', () => {
    const detector = createDetector(spec(kind));
    detector.score(dailySeries(1));
    const state = JSON.parse(JSON.stringify(detector.toState()));
    expect(() => restoreDetector(spec(kind), { ...state, version: 99 })).toThrow(StateError);
    expect(() => restoreDetector(spec(kind), 'garbage')).toThrow(StateError);
    const other = kind === 'knn_cad' ? 'contextual' : 'knn_cad';
    expect(() => restoreDetector(spec(other), state)).toThrow(StateError);
    const changed = kind === 'ensemble' ? { members: 'knn_cad+contextual' } : { refractory: 50 };
    expect(() => restoreDetector(spec(kind, changed), state)).toThrow(StateError);
  });

  it('with counter: true scores the per-second rate of the raw samples, across a restart and a restore', () => {
    const rates = dailySeries(4, 4);
    const restart = 700;
    let count = 0;
    const raw = Float64Array.from(rates.values, (rate, i) => (count = (i === restart ? 0 : count) + rate * 300));
    const counterSeries = { ...rates, values: raw };
    const whole = createDetector(spec(kind, {}, true)).score(counterSeries);
    const expected = Float64Array.from(raw, (value, i) =>
      i === 0 || i === restart ? NaN : (value - raw[i - 1]) / 300
    );
    expect(Array.from(whole.values)).toEqual(Array.from(expected));
    if (kind !== 'ensemble') {
      // These kinds see nothing else of the samples: the rates scored as a gauge score the same.
      const asRates = createDetector(spec(kind)).score({ ...rates, values: expected });
      expect(Array.from(whole.scores)).toEqual(Array.from(asRates.scores));
    }
    const first = createDetector(spec(kind, {}, true));
    first.score(slice(counterSeries, 0, 500));
    const state = JSON.parse(JSON.stringify(first.toState()));
    const rest = restoreDetector(spec(kind, {}, true), state).score(slice(counterSeries, 500));
    expect(Array.from(rest.scores)).toEqual(Array.from(whole.scores.slice(500)));
    expect(Array.from(rest.values)).toEqual(Array.from(whole.values.slice(500)));
    // A state saved without the counter's last sample learned raw samples (or rates of another spec): refused.
    const gaugeState = JSON.parse(JSON.stringify(createDetector(spec(kind)).toState()));
    expect(() => restoreDetector(spec(kind, {}, true), gaugeState)).toThrow(StateError);
    expect(() => restoreDetector(spec(kind), state)).toThrow(StateError);
  });

  it('gives every row a finite score in [0,1], also for extreme values', () => {
    const series = dailySeries(2);
    series.values[400] = 1e300;
    series.values[401] = -1e300;
    series.values[402] = Infinity;
    const result = createDetector(spec(kind)).score(series);
    expect(Array.from(result.scores).every((score) => Number.isFinite(score) && score >= 0 && score <= 1)).toBe(true);
    expect(result.scores[402]).toBe(0);
  });
});

describe('model params of the streaming kinds', () => {
  it('names the bad key in one line when the spec is read', () => {
    expect(() => spec('knn_cad', { dims: 3 })).toThrow(DetectorSpecError);
    expect(() => spec('knn_cad', { dims: 3 })).toThrow(/^detector: model\.params\.dims: unknown key$/);
    expect(() => spec('knn_cad', { k: 0 })).toThrow(/^detector: model\.params\.k: /);
    expect(() => spec('knn_cad', { warmup: 400, calibrationSize: 300 })).toThrow(
      /model\.params\.warmup: warmup must not exceed calibrationSize/
    );
    expect(() => spec('contextual', { levels: 1 })).toThrow(/model\.params\.levels: /);
    expect(() => spec('artime', { vigilance: 1 })).toThrow(/model\.params\.vigilance: /);
    expect(() => spec('artime', { levels: 256 })).toThrow(/model\.params\.levels: /);
    expect(() => spec('ensemble', { members: 'knn_cad+forest' })).toThrow(/model\.params\.members/);
  });
});
