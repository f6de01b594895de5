import { KnnCad } from './knnCad';
import { knnCadParamsSchema } from './streamParams';

const params = knnCadParamsSchema.parse({});

/** A repeating sawtooth of period 24 with a little deterministic jitter. */
function sawtooth(length: number, scale = 1): Float64Array {
  return Float64Array.from({ length }, (_, i) => scale * ((i % 24) * 2 + Math.sin(i * 12.9898) * 0.3));
}

function scoreAll(values: Float64Array, scorer = new KnnCad(params)): number[] {
  return Array.from(values, (value, i) => scorer.update(i * 60_000, value));
}

describe('KnnCad', () => {
  it('scores 0 until it has k patterns and `warmup` non-conformities to rank against', () => {
    const scores = scoreAll(sawtooth(200));
    const firstScored = 2 * params.dim - 1 + params.k - 1 + params.warmup;
    expect(scores.slice(0, firstScored).every((score) => score === 0)).toBe(true);
  });

  it('stays calm on a repeating pattern and flags a broken period, explaining by the distance', () => {
    const values = sawtooth(1500);
    const calm = scoreAll(values);
    expect(Math.max(...calm.slice(500))).toBeLessThan(0.5);
    // One period flattened at its mean: every value is within the usual range, only the shape is new.
    values.fill(23, 1200, 1224);
    const scores = scoreAll(values);
    const peak = Math.max(...scores.slice(1200, 1234));
    expect(peak).toBeGreaterThan(0.7);
    expect(Math.max(...scores.slice(500, 1200))).toBeLessThan(0.5);
    const scorer = new KnnCad(params);
    scoreAll(values.slice(0, scores.indexOf(peak) + 1), scorer);
    expect(scorer.explain()).toMatch(
      /^the last 5 values match none of the 400 patterns before them: distance to the nearest \d/
    );
  });

  it('is scale-free: the series times 1024 scores exactly the same', () => {
    const values = sawtooth(900);
    values[700] += 30;
    expect(scoreAll(sawtooth(900, 1024).map((v, i) => (i === 700 ? v + 30 * 1024 : v)))).toEqual(scoreAll(values));
  });

  it('ignores values that are not finite (scored 0, not learned)', () => {
    const values = sawtooth(600);
    const withGaps = Float64Array.from([...values.slice(0, 300), NaN, Infinity, ...values.slice(300)]);
    const scores = scoreAll(withGaps);
    expect(scores[300]).toBe(0);
    expect(scores[301]).toBe(0);
    expect(scores.slice(302)).toEqual(scoreAll(values).slice(300));
  });
});
