import { gaussian, seededRandom } from '../synthetic/random';
import { HalfSpaceTrees } from './halfSpaceTrees';

describe('HalfSpaceTrees', () => {
  function stream(count: number, seed: number): Float64Array {
    const next = gaussian(seededRandom(seed));
    return Float64Array.from({ length: count * 2 }, () => next());
  }

  it('scores 0 until the first window is complete, then ranks outliers above normal points', () => {
    const trees = new HalfSpaceTrees(2, [-3, -3], [3, 3], { windowSize: 250, seed: 4 });
    const data = stream(1000, 5);
    expect(trees.score(data, 0)).toBe(0);
    for (let i = 0; i < 1000; i++) {
      trees.learn(data, i * 2);
    }
    const normal = stream(500, 6);
    const normalScores = Array.from({ length: 500 }, (_, i) => trees.score(normal, i * 2)).sort((a, b) => a - b);
    const outliers = [Float64Array.of(6, 6), Float64Array.of(-6, 5), Float64Array.of(5, -6)];
    for (const outlier of outliers) {
      expect(trees.score(outlier)).toBeGreaterThan(normalScores[Math.floor(0.99 * 500)]);
    }
    expect(normalScores.every((score) => score >= 0 && score <= 1)).toBe(true);
  });

  it('continues identically after a state round trip', () => {
    const trees = new HalfSpaceTrees(2, [-3, -3], [3, 3], { windowSize: 100, seed: 7 });
    const data = stream(600, 8);
    for (let i = 0; i < 350; i++) {
      trees.scoreAndLearn(data, i * 2);
    }
    const copy = HalfSpaceTrees.fromState(JSON.parse(JSON.stringify(trees.toState())));
    for (let i = 350; i < 600; i++) {
      expect(Object.is(copy.scoreAndLearn(data, i * 2), trees.scoreAndLearn(data, i * 2))).toBe(true);
    }
  });

  it('restores the largest trees (200 of height 12, mostly empty leaves) exactly', () => {
    const trees = new HalfSpaceTrees(1, [0], [1], { trees: 200, height: 12, windowSize: 16, seed: 3 });
    const data = stream(40, 9);
    for (let i = 0; i < 40; i++) {
      trees.scoreAndLearn(data, i * 2);
    }
    const copy = HalfSpaceTrees.fromState(JSON.parse(JSON.stringify(trees.toState())));
    expect(Object.is(copy.score(Float64Array.of(0.5)), trees.score(Float64Array.of(0.5)))).toBe(true);
  });

  it('refuses leaf masses that do not fill its trees exactly', () => {
    const state = new HalfSpaceTrees(1, [0], [1], { trees: 2, height: 2, windowSize: 16 }).toState();
    expect(() => HalfSpaceTrees.fromState({ ...state, latest: 'AA==' })).toThrow(
      'half-space trees state: expected 8 leaf masses in 0..16'
    );
  });

  it('rejects bad shapes', () => {
    expect(() => new HalfSpaceTrees(2, [0], [1, 1])).toThrow('need 1..255 dims');
    expect(() => new HalfSpaceTrees(1, [0], [1], { height: 0 })).toThrow('height must be');
  });
});
