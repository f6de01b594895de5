import { Damper } from './damper';

describe('Damper', () => {
  it('passes a score that beats the recent ones and damps the rest for `refractory` rows', () => {
    const damper = new Damper(3, 0.5);
    expect([0.8, 0.8, 0.6, 0.9, 0.1, 0.1, 0.1, 0.7].map((score) => damper.apply(score))).toEqual([
      0.8, 0.4, 0.3, 0.9, 0.05, 0.05, 0.05, 0.7,
    ]);
  });

  it('does nothing with refractory 0', () => {
    const damper = new Damper(0, 0.5);
    expect([0.8, 0.8].map((score) => damper.apply(score))).toEqual([0.8, 0.8]);
  });

  it('continues exactly from its state', () => {
    const damper = new Damper(4, 0.5);
    [0.3, 0.9, 0.2].forEach((score) => damper.apply(score));
    const restored = new Damper(4, 0.5, JSON.parse(JSON.stringify(damper.toState())));
    expect([0.5, 0.95, 0.4].map((score) => restored.apply(score))).toEqual(
      [0.5, 0.95, 0.4].map((s) => damper.apply(s))
    );
  });
});
