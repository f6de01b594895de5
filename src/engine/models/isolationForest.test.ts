import { gaussian, seededRandom } from '../synthetic/random';
import { base64ToBytes } from '../util/base64';
import { averagePathLength } from './averagePathLength';
import { IsolationForest } from './isolationForest';

function normalRows(rows: number, dims: number, seed: number): Float64Array {
  const next = gaussian(seededRandom(seed));
  return Float64Array.from({ length: rows * dims }, () => next());
}

describe('IsolationForest', () => {
  it('scores a constant data set at exactly 0.5: no split is possible, every path is c(psi)', () => {
    const data = new Float64Array(300 * 2).fill(7);
    const forest = IsolationForest.fit(data, 2, { seed: 3 });
    expect(forest.nodeCount).toBe(forest.trees);
    const scores = forest.score(Float64Array.of(7, 7, 100, -100));
    expect(scores[0]).toBeCloseTo(0.5, 12);
    expect(scores[1]).toBe(scores[0]);
  });

  it('gives path length 1 + c(1) = 1 on two distinct points, so score 2^(-1/c(2)) = 0.5', () => {
    const forest = IsolationForest.fit(Float64Array.of(0, 1), 1, { trees: 10 });
    expect(forest.sampleSize).toBe(2);
    expect(forest.nodeCount).toBe(30);
    expect(forest.score(Float64Array.of(0, 1, 0.5))).toEqual(Float64Array.of(0.5, 0.5, 0.5));
  });

  it('scores an average point near 0.5 and caps trees at ceil(log2 psi) levels', () => {
    const data = normalRows(5000, 1, 11);
    const forest = IsolationForest.fit(data, 1, { seed: 5 });
    const scores = forest.score(data);
    const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
    expect(mean).toBeGreaterThan(0.35);
    expect(mean).toBeLessThan(0.55);
    // A point far outside has at least depth 1 and at most 8 + c(1) = 8 per tree: score <= 2^(-1/c(256)).
    const far = forest.score(Float64Array.of(1e9))[0];
    expect(far).toBeLessThanOrEqual(Math.pow(2, -1 / averagePathLength(256)) + 1e-12);
    expect(far).toBeGreaterThan(0.7);
  });

  it('ranks planted outliers highest (4-D)', () => {
    const rows = 2000;
    const data = normalRows(rows, 4, 21);
    const outliers = [17, 400, 999, 1500, 1999];
    outliers.forEach((row, k) => {
      for (let d = 0; d < 4; d++) {
        data[row * 4 + d] = (k % 2 === 0 ? 7 : -7) + d * 0.1;
      }
    });
    const forest = IsolationForest.fit(data, 4, { seed: 9 });
    const scores = forest.score(data);
    const top = Array.from(scores.keys())
      .sort((a, b) => scores[b] - scores[a])
      .slice(0, outliers.length);
    expect(top.sort((a, b) => a - b)).toEqual(outliers);
  });

  it('never splits on a constant feature', () => {
    const next = gaussian(seededRandom(2));
    const data = Float64Array.from({ length: 1000 * 2 }, (_, i) => (i % 2 === 0 ? 5 : next()));
    const forest = IsolationForest.fit(data, 2, { seed: 4 });
    const json = forest.toJSON();
    const features = new Int8Array(base64ToBytes(json.feature).buffer);
    expect(features.every((f) => f === -1 || f === 1)).toBe(true);
    // So the constant column cannot change a score.
    expect(forest.score(Float64Array.of(5, 0.3))[0]).toBe(forest.score(Float64Array.of(-1e6, 0.3))[0]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const data = normalRows(3000, 3, 8);
    const a = IsolationForest.fit(data, 3, { seed: 42 }).score(data);
    const b = IsolationForest.fit(data, 3, { seed: 42 }).score(data);
    const c = IsolationForest.fit(data, 3, { seed: 43 });
    expect(a.every((score, i) => Object.is(score, b[i]))).toBe(true);
    expect(c.toJSON().threshold).not.toBe(IsolationForest.fit(data, 3, { seed: 42 }).toJSON().threshold);
    expect(c.score(data).some((score, i) => score !== a[i])).toBe(true);
  });

  it('scores one row exactly as the batch does, in 1-D and 4-D', () => {
    for (const dims of [1, 4]) {
      const data = normalRows(1000, dims, 31 + dims);
      const forest = IsolationForest.fit(data, dims, { seed: 1 });
      const batch = forest.score(data);
      for (let i = 0; i < 1000; i++) {
        expect(Object.is(forest.scoreOne(data, i * dims), batch[i])).toBe(true);
      }
    }
  });

  it('round-trips through JSON with bit-identical scores', () => {
    const data = normalRows(2000, 4, 13);
    const forest = IsolationForest.fit(data, 4, { seed: 6 });
    const copy = IsolationForest.fromJSON(JSON.parse(JSON.stringify(forest.toJSON())));
    const before = forest.score(data);
    const after = copy.score(data);
    expect(before.every((score, i) => Object.is(score, after[i]))).toBe(true);
  });

  it('rejects bad input with a clear message', () => {
    expect(() => IsolationForest.fit(new Float64Array(0), 1)).toThrow('cannot fit on empty data');
    expect(() => IsolationForest.fit(new Float64Array(5), 2)).toThrow('not a multiple of dims 2');
    expect(() => IsolationForest.fit(new Float64Array(4), 1, { trees: 0 })).toThrow('trees must be a positive integer');
    expect(() => IsolationForest.fromJSON({ format: 'other' })).toThrow();
  });

  it('keeps scores finite and in [0,1] on huge and non-finite inputs', () => {
    const data = Float64Array.of(1e300, -1e300, 0, 1e300, 5, -5, Infinity, NaN);
    const forest = IsolationForest.fit(data, 1, { seed: 1 });
    const scores = forest.score(Float64Array.of(1e300, -1e300, 0, NaN, Infinity, -Infinity));
    expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
  });
});
