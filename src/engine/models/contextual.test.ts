import { gaussian, seededRandom } from '../synthetic/random';
import { ContextMemory } from './contextMemory';
import { Contextual } from './contextual';
import { contextualParamsSchema } from './streamParams';

const params = contextualParamsSchema.parse({});

/** A cycle of eight distinct values repeated, with tiny deterministic jitter. */
function cycle(length: number): Float64Array {
  const shape = [10, 14, 18, 22, 22, 18, 14, 10];
  return Float64Array.from({ length }, (_, i) => shape[i % shape.length] + 0.01 * Math.sin(i * 12.9898));
}

function scoreAll(values: Float64Array, scorer = new Contextual(params)): number[] {
  return Array.from(values, (value, i) => scorer.update(i * 60_000, value));
}

describe('Contextual', () => {
  it('scores 0 during warm-up, then nothing on a pattern it knows', () => {
    const scores = scoreAll(cycle(2000));
    expect(scores.slice(0, params.warmup).every((score) => score === 0)).toBe(true);
    expect(Math.max(...scores.slice(400))).toBeLessThan(0.3);
  });

  it('flags a value at a level never seen and explains by the shortest new pattern', () => {
    // Each length's rate is floored at one in the rows seen: the longer the pattern held, the rarer the break.
    const values = cycle(4000);
    values[3500] = 60;
    const scores = scoreAll(values);
    expect(scores[3500]).toBeGreaterThan(0.7);
    expect(Math.max(...scores.slice(400, 3500))).toBeLessThan(0.01);
    const scorer = new Contextual(params);
    scoreAll(values.slice(0, 3501), scorer);
    expect(scorer.explain()).toMatch(
      /^a pattern of the last 1 value never seen before \(together as rare as 1 in 10\^\d+\.\d\)$/
    );
  });

  it('scores a series in other units as the series itself', () => {
    const values = cycle(4000);
    values[3500] = 60;
    const scores = scoreAll(values);
    for (const factor of [1e-12, 1e9]) {
      const scaled = scoreAll(values.map((value) => value * factor));
      expect(Math.max(...scaled.map((score, i) => Math.abs(score - scores[i])))).toBeLessThan(1e-12);
    }
  });

  it('pays little for the long contexts of noise, which are always new', () => {
    const noise = gaussian(seededRandom(3));
    const values = Float64Array.from({ length: 3000 }, () => 50 + 5 * noise());
    const scores = scoreAll(values);
    expect(Math.max(...scores.slice(1000))).toBeLessThan(0.5);
  });
});

describe('ContextMemory', () => {
  it('remembers up to its slots and forgets the least recently seen context of a set first', () => {
    const memory = new ContextMemory(4);
    expect([1, 2, 3, 4].map((key, row) => memory.visit(key, row + 1))).toEqual([false, false, false, false]);
    expect(memory.visit(1, 5)).toBe(true);
    expect(memory.visit(5, 6)).toBe(false);
    // 2 was the least recently seen: it made room for 5; 1 (seen again at row 5) stays.
    expect(memory.visit(1, 7)).toBe(true);
    expect(memory.visit(2, 8)).toBe(false);
  });

  it('restores from its state and refuses one of another size', () => {
    const memory = new ContextMemory(16);
    [7, 9, 11].forEach((key, row) => memory.visit(key, row + 1));
    const restored = new ContextMemory(16, JSON.parse(JSON.stringify(memory.toState())));
    expect(restored.visit(9, 10)).toBe(true);
    expect(restored.visit(8, 11)).toBe(false);
    expect(() => new ContextMemory(32, memory.toState())).toThrow(/holds 128 bytes, not 256/);
  });
});
