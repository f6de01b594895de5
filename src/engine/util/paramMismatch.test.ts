import { assertParamsMatch, paramMismatch } from './paramMismatch';

describe('paramMismatch', () => {
  it('names the first parameter whose saved value differs, with both values', () => {
    expect(paramMismatch({ window: 120, levels: 16 }, { window: 4000, levels: 16 })).toBe(
      'saved with window=120, the spec now gives 4000'
    );
  });

  it('is null when every parameter of the spec agrees with the saved one', () => {
    expect(paramMismatch({ window: 120, levels: 16 }, { window: 120, levels: 16 })).toBeNull();
  });

  it('counts a parameter the state was saved without as a difference', () => {
    expect(paramMismatch({ window: 120 }, { window: 120, damping: 0.5 })).toBe(
      'saved with damping=undefined, the spec now gives 0.5'
    );
  });
});

describe('assertParamsMatch', () => {
  it('throws the mismatch as the error message', () => {
    expect(() => assertParamsMatch({ k: 1 }, { k: 3 })).toThrow(new Error('saved with k=1, the spec now gives 3'));
  });

  it('returns when the parameters agree', () => {
    expect(() => assertParamsMatch({ k: 3 }, { k: 3 })).not.toThrow();
  });
});
