import { gaussian, seededRandom } from '../synthetic/random';
import { LevelSpread, levelSpreadStateSchema } from './levelSpread';

const MEMORY = 4000;
const ROWS = 4000;

/** Levels of a daily cycle from 100 to 1000 (288 rows a day). */
function level(i: number): number {
  return 550 - 450 * Math.cos((2 * Math.PI * i) / 288);
}

/** A LevelSpread taught residuals of sd `sdAt(level)` (zero-mean normal noise) over the daily cycle. */
function learned(sdAt: (level: number) => number, levelAt = level, seed = 1): LevelSpread {
  const noise = gaussian(seededRandom(seed));
  const spread = new LevelSpread(MEMORY);
  let variance = 0;
  for (let i = 0; i < ROWS; i++) {
    const deviation = sdAt(levelAt(i)) * noise();
    spread.learn(levelAt(i), deviation, Math.max(variance, 1e-12));
    variance += (deviation * deviation - variance) / (i + 1);
  }
  return spread;
}

describe('LevelSpread', () => {
  it('recovers the exponent of noise that grows like sqrt(level) (Poisson-like) and like the level (multiplicative)', () => {
    // Taken at its cautious lower bound (3 standard errors, about 0.06 here), never above the truth.
    const poisson = learned((l) => Math.sqrt(l)).exponent;
    expect(poisson).toBeGreaterThan(0.4);
    expect(poisson).toBeLessThanOrEqual(0.5);
    const multiplicative = learned((l) => 0.1 * l).exponent;
    expect(multiplicative).toBeGreaterThan(0.9);
    expect(multiplicative).toBeLessThanOrEqual(1);
  });

  it('falls back to one spread (b = 0, factor 1) for noise that does not depend on the level, e.g. a temperature', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const flat = learned(() => 2, level, seed);
      expect(flat.exponent).toBe(0);
      expect(flat.factor(100)).toBe(1);
      expect(flat.factor(1000)).toBe(1);
    }
  });

  it('learns nothing from levels that are not positive, and judges them with factor 1', () => {
    const negative = learned(
      () => 1,
      (i) => -level(i)
    );
    expect(negative.exponent).toBe(0);
    expect(negative.toState()[0]).toBe(0);
    const poisson = learned((l) => Math.sqrt(l));
    expect(poisson.factor(0)).toBe(1);
    expect(poisson.factor(-5)).toBe(1);
  });

  it('redistributes the spread by level, keeping its mean square about 1 over the levels seen', () => {
    const poisson = learned((l) => Math.sqrt(l));
    let meanSquare = 0;
    for (let i = 0; i < 288; i++) {
      meanSquare += poisson.factor(level(i)) ** 2 / 288;
    }
    expect(meanSquare).toBeGreaterThan(0.9);
    expect(meanSquare).toBeLessThan(1.1);
    // sqrt(level): the spread at 100 is about sqrt(100 / 1000) of the spread at 1000.
    expect(poisson.factor(100) / poisson.factor(1000)).toBeCloseTo(Math.pow(0.1, poisson.exponent), 10);
    expect(poisson.factor(100)).toBeLessThan(0.7);
    expect(poisson.factor(1000)).toBeGreaterThan(1.2);
  });

  it('keeps a level near 0 bounded: levels beyond 3 sd of the log levels seen count as 3 sd', () => {
    const poisson = learned((l) => Math.sqrt(l));
    expect(poisson.factor(1e-6)).toBe(poisson.factor(1e-9));
    expect(poisson.factor(1e-6)).toBeGreaterThan(0.1);
  });

  it('restores from its state bit for bit', () => {
    const poisson = learned((l) => Math.sqrt(l));
    const restored = new LevelSpread(
      MEMORY,
      levelSpreadStateSchema.parse(JSON.parse(JSON.stringify(poisson.toState())))
    );
    expect(Object.is(restored.exponent, poisson.exponent)).toBe(true);
    for (const l of [100, 333, 1000]) {
      expect(Object.is(restored.factor(l), poisson.factor(l))).toBe(true);
    }
    restored.learn(500, 3, 400);
    poisson.learn(500, 3, 400);
    expect(restored.toState()).toEqual(poisson.toState());
  });
});
