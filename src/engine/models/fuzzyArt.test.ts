import { bytesToBase64 } from '../util/base64';
import { FuzzyArt } from './fuzzyArt';

const LEVELS = 10;

function input(...levels: number[]): Uint8Array {
  return Uint8Array.from(levels);
}

describe('FuzzyArt', () => {
  it('makes the first input a category and resonates with it exactly (match 1)', () => {
    const art = new FuzzyArt(3, LEVELS, 8);
    expect(art.present(input(1, 5, 9), 0.9, 1)).toEqual({ match: 0, created: true });
    expect(art.present(input(1, 5, 9), 0.9, 2)).toEqual({ match: 1, created: false });
    expect(art.categories).toBe(1);
  });

  it('grows a category box within the vigilance and creates a new one beyond it', () => {
    const art = new FuzzyArt(3, LEVELS, 8);
    art.present(input(1, 5, 9), 0.9, 1);
    // Growing the box by 2 of the 30 levels of the space: match 1 - 2/30 >= 0.9, so it resonates and learns.
    expect(art.present(input(3, 5, 9), 0.9, 2)).toEqual({ match: 1 - 2 / 30, created: false });
    // Inside the learned box the match is the box's own: it does not grow.
    expect(art.present(input(2, 5, 9), 0.9, 3)).toEqual({ match: 1 - 2 / 30, created: false });
    // 4 more levels would make the box 6 of 30 wide: match 0.8 < 0.9, a new category.
    expect(art.present(input(7, 5, 9), 0.9, 4)).toEqual({ match: 1 - 6 / 30, created: true });
    expect(art.categories).toBe(2);
    expect(art.present(input(7, 5, 9), 0.9, 5).created).toBe(false);
  });

  it('keeps at most `capacity` categories, replacing the one that resonated least recently', () => {
    const art = new FuzzyArt(1, LEVELS, 2);
    art.present(input(0), 0.95, 1);
    art.present(input(10), 0.95, 2);
    art.present(input(0), 0.95, 3);
    // Full: level 5 replaces the category of level 10 (last used at step 2).
    expect(art.present(input(5), 0.95, 4).created).toBe(true);
    expect(art.categories).toBe(2);
    expect(art.present(input(0), 0.95, 5).created).toBe(false);
    expect(art.present(input(10), 0.95, 6).created).toBe(true);
  });

  it('restores from its state to behave identically, and refuses a state that does not fit', () => {
    const art = new FuzzyArt(2, LEVELS, 4);
    const inputs = [input(0, 0), input(9, 1), input(4, 4), input(1, 1), input(10, 0), input(5, 5), input(0, 9)];
    inputs.slice(0, 4).forEach((x, k) => art.present(x, 0.85, k));
    const copy = new FuzzyArt(2, LEVELS, 4, JSON.parse(JSON.stringify(art.toState())));
    inputs.slice(4).forEach((x, k) => expect(copy.present(x, 0.85, 4 + k)).toEqual(art.present(x, 0.85, 4 + k)));
    expect(copy.toState()).toEqual(art.toState());
    expect(() => new FuzzyArt(2, LEVELS, 2, art.toState())).toThrow(/do not fit 2/);
    expect(() => new FuzzyArt(2, 3, 4, art.toState())).toThrow(/above 3/);
    const inverted = { ...art.toState(), boxes: bytesToBase64(Uint8Array.of(5, 0, 4, 0)), lastUsed: 'd:1' };
    expect(() => new FuzzyArt(2, LEVELS, 4, inverted)).toThrow(/lower corner above its upper one \(input 0\)/);
  });
});
