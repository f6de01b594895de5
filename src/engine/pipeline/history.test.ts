import { History } from './history';

function filled(values: number[]): History {
  const history = new History(8);
  values.forEach((value, i) => history.push(i * 60_000, value));
  return history;
}

describe('History', () => {
  it('keeps values as they came until quantised, then rounds them to a power-of-two step', () => {
    const history = filled([1.234567, 2.5]);
    expect(Array.from(history.tail().values)).toEqual([1.234567, 2.5]);
    history.quantise(0.1);
    history.push(120_000, 3.3);
    expect(Array.from(history.tail().values)).toEqual([1.25, 2.5, 3.3125]);
  });

  it('restores from its state to the very same values, and keeps quantising what comes next', () => {
    const history = filled([10.01, 10.02, 9.97, 10.4, 55.5]);
    history.quantise(0.003);
    const restored = History.fromState(JSON.parse(JSON.stringify(history.toState())), 8);
    expect(restored.tail()).toEqual(history.tail());
    history.push(300_000, 10.0049);
    restored.push(300_000, 10.0049);
    expect(restored.tail()).toEqual(history.tail());
    expect(history.toState().values.length).toBeLessThanOrEqual(16);
  });

  it('coarsens its step when a value would lie beyond 2^50 steps from zero, never losing exactness', () => {
    const history = filled([1, 2]);
    history.quantise(2 ** -20);
    history.push(120_000, 2 ** 40);
    const { values } = history.tail();
    expect(values[2]).toBe(2 ** 40);
    expect(History.fromState(history.toState(), 8).tail()).toEqual(history.tail());
  });

  it('refuses a state whose step is not a power of two', () => {
    const state = { ...filled([1]).toState(), quantum: 0.3, values: 'Ag==' };
    expect(() => History.fromState(state, 8)).toThrow('history quantum 0.3 is not a power of two');
  });
});
