import { base64ToBytes } from '../util/base64';
import { Artime } from './artime';
import { artimeParamsSchema } from './streamParams';

const params = artimeParamsSchema.parse({ step: 1, window: 8 });
const PERIOD = 24;

/** A repeating sawtooth with a little deterministic jitter. */
function sawtooth(length: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => (i % PERIOD) * 2 + Math.sin(i * 12.9898) * 0.3);
}

function scoreAll(values: Float64Array, scorer = new Artime(params)): number[] {
  return Array.from(values, (value, i) => scorer.update(i * 60_000, value));
}

function peak(scores: number[], from: number, to: number): number {
  return Math.max(...scores.slice(from, to));
}

describe('Artime', () => {
  it('learns a repeating shape, flags a new one, and does not flag the new one when it returns', () => {
    const values = sawtooth(2000);
    const calm = scoreAll(values);
    expect(peak(calm, params.warmup, 2000)).toBeLessThan(0.5);
    // One period held flat at mid-range, twice at the same phase: only the shape is new, every value is usual.
    values.fill(23, 50 * PERIOD, 51 * PERIOD);
    values.fill(23, 68 * PERIOD, 69 * PERIOD);
    const scores = scoreAll(values);
    expect(peak(scores, params.warmup, 50 * PERIOD)).toBeLessThan(0.5);
    expect(peak(scores, 50 * PERIOD, 51 * PERIOD + 10)).toBeGreaterThan(0.7);
    expect(peak(scores, 68 * PERIOD, 69 * PERIOD + 10)).toBeLessThan(0.5);
  });

  it('explains a flag by the window, the categories and the best match', () => {
    const values = sawtooth(1400);
    values.fill(23, 50 * PERIOD, 51 * PERIOD);
    const scores = scoreAll(values);
    const scorer = new Artime(params);
    scoreAll(values.slice(0, scores.indexOf(peak(scores, 0, 1400)) + 1), scorer);
    expect(scorer.explain()).toMatch(
      /^the last 8 values resonate with none of the \d+ window shapes learned before: best match 0\.\d{3}, below the vigilance 0\.9 \(tail probability \d/
    );
  });

  it('scores 0 while it warms up, and a value that is not finite is scored 0 and not learned', () => {
    const values = sawtooth(900);
    values[100] += 40;
    const scores = scoreAll(values);
    expect(scores.slice(0, params.warmup).every((score) => score === 0)).toBe(true);
    const withGaps = Float64Array.from([...values.slice(0, 500), NaN, Infinity, ...values.slice(500)]);
    const gapScores = scoreAll(withGaps);
    expect(gapScores.slice(500, 502)).toEqual([0, 0]);
    expect(gapScores.slice(502)).toEqual(scores.slice(500));
  });

  it('keeps at most `categories` categories on a series that never repeats', () => {
    const scorer = new Artime({ ...params, categories: 16 });
    scoreAll(
      Float64Array.from({ length: 3000 }, (_, i) => Math.sin(i * 0.7) * i),
      scorer
    );
    const state = scorer.toState();
    // Two corners of 2 x window levels per category, in base64.
    expect(base64ToBytes(state.network.boxes).length).toBe(16 * 2 * 2 * params.window);
  });
});
