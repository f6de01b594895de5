import type { DetectorState } from '../detection';
import { parseDetectorSpec } from '../detectorSpec';
import { createDetector, restoreDetector } from '../pipeline/factory';
import { scoreCausally } from '../pipeline/scoreCausally';
import { gaussian, seededRandom } from '../synthetic/random';
import type { SeriesDetector } from '../pipeline/seriesDetector';
import { StateError } from '../pipeline/state';
import { NEURAL_KINDS } from './networks';
import type { TrainingProgress } from './trainNetwork';

const STEP = 60_000;

/** A six-hour cycle with noise, small enough that each kind trains in about a second. */
function series(count: number, seed: number) {
  const noise = gaussian(seededRandom(seed));
  const timestamps = Float64Array.from({ length: count }, (_, i) => Date.UTC(2026, 0, 5) + i * STEP);
  const values = Float64Array.from(timestamps, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 360) + noise());
  return { labels: { instance: 'a' }, timestamps, values };
}

function slice(whole: ReturnType<typeof series>, from: number, to?: number) {
  return { labels: whole.labels, timestamps: whole.timestamps.slice(from, to), values: whole.values.slice(from, to) };
}

const specFor = (kind: string, params: Record<string, number> = {}) =>
  parseDetectorSpec({ id: 'neural', name: 'neural', query: 'up', seasonality: 'none', model: { kind, params } });

/** Few epochs and windows keep the tests fast; the defaults are measured by the bench. */
const FAST = { epochs: 5, patience: 2, maxWindows: 128, minFitPoints: 256 };

describe.each(NEURAL_KINDS)('neural detector (%s)', (kind) => {
  const whole = series(900, 7);
  const history = slice(whole, 0, 600);
  const next = slice(whole, 600);
  const spikeAt = 200;
  next.values[spikeAt] += 25;
  let fitted: DetectorState;

  beforeAll(() => {
    const detector = createDetector(specFor(kind, FAST));
    detector.fit(history);
    fitted = detector.toState();
  });

  it('flags a planted spike with the highest score, and few quiet points', () => {
    const result = restoreDetector(specFor(kind, FAST), fitted).score(next);
    expect(result.anomalies[spikeAt]).toBe(1);
    const quiet = Array.from(result.scores.subarray(0, spikeAt));
    expect(result.scores[spikeAt]).toBeGreaterThan(Math.max(...quiet));
    expect(quiet.filter((score) => score >= result.threshold).length).toBeLessThanOrEqual(2);
  });

  it('gives the same scores for the same spec and data (seeded), and other scores for another seed', () => {
    const scoresFor = (seed: number) => {
      const detector = createDetector(specFor(kind, { ...FAST, seed }));
      detector.fit(history);
      return detector.score(next).scores;
    };
    const first = restoreDetector(specFor(kind, FAST), fitted).score(next).scores;
    expect(scoresFor(1)).toEqual(first);
    expect(scoresFor(2)).not.toEqual(first);
  });

  it('trains in steps that report progress, and stepping gives the same model as fitting at once', () => {
    const stepped = createDetector(specFor(kind, FAST)) as SeriesDetector;
    const progress: TrainingProgress[] = [];
    for (const step of stepped.fitSteps(history)) {
      progress.push(step);
    }
    expect(progress.map((step) => step.epoch)).toEqual(progress.map((_, i) => i + 1));
    expect(progress[progress.length - 1].done).toBe(true);
    expect(progress.slice(0, -1).every((step) => !step.done)).toBe(true);
    expect(progress.every((step) => Number.isFinite(step.heldOutLoss) && step.epochs === FAST.epochs)).toBe(true);
    expect(stepped.toState()).toEqual(fitted);
  });

  it('reports the epochs of the refits a causal run makes, with the points each trains on, and scores as without', () => {
    const reports: Array<{ epoch: number; points: number }> = [];
    const observed = scoreCausally(specFor(kind, FAST), whole.timestamps, whole.values, (step, points) =>
      reports.push({ epoch: step.epoch, points })
    );
    // The first training waits for minFitPoints.
    const fits = [...new Set(reports.map((report) => report.points))];
    expect(fits[0]).toBe(FAST.minFitPoints);
    for (const points of fits) {
      const epochs = reports.filter((report) => report.points === points).map((report) => report.epoch);
      expect(epochs).toEqual(epochs.map((_, i) => i + 1));
    }
    expect(observed.scores).toEqual(scoreCausally(specFor(kind, FAST), whole.timestamps, whole.values).scores);
  });

  it('restores from its state and continues with exactly the same scores', () => {
    const detector = restoreDetector(specFor(kind, FAST), fitted);
    const head = slice(next, 0, 150);
    const tail = slice(next, 150);
    detector.score(head);
    const state = JSON.parse(JSON.stringify(detector.toState()));
    expect(state.model.neural.kind).toBe(kind);
    const restored = restoreDetector(specFor(kind, FAST), state);
    expect(restored.score(tail).scores).toEqual(detector.score(tail).scores);
  });

  it('refuses corrupt weights with a StateError', () => {
    const state = JSON.parse(JSON.stringify(fitted));
    state.model.neural.weights = state.model.neural.weights.slice(1);
    expect(() => restoreDetector(specFor(kind, FAST), state)).toThrow(StateError);
    expect(() => restoreDetector(specFor(kind, FAST), state)).toThrow(/neural weights do not match/);
  });
});

describe('neural detector spec', () => {
  it('names an unknown parameter of a neural kind', () => {
    expect(() => createDetector(specFor('autoencoder', { layers: 3 }))).toThrow(/model\.params/);
  });

  it('keeps the state under 16 KiB: weights as 8-bit levels per tensor', () => {
    for (const kind of ['autoencoder', 'vae', 'lstm_autoencoder'] as const) {
      const detector = createDetector(specFor(kind, FAST));
      detector.fit(series(400, 3));
      const text = JSON.stringify(detector.toState());
      const { neural } = JSON.parse(text).model;
      expect(neural.weights.every((tensor: string) => tensor.startsWith('q8:'))).toBe(true);
      expect({ kind, bytes: text.length <= 16 * 1024 }).toEqual({ kind, bytes: true });
    }
  });
});
