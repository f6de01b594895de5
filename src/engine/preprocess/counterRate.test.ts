import { counterRate } from './counterRate';

describe('counterRate', () => {
  it('is the increase per second between two samples', () => {
    expect(counterRate(0, 100, 10_000, 150)).toBe(5);
    expect(counterRate(0, 100, 10_000, 100)).toBe(0);
  });

  it('is unknown (NaN) across a reset, whatever the new value: what was counted before the restart is lost', () => {
    expect(counterRate(0, 100, 10_000, 0)).toBeNaN();
    expect(counterRate(0, 100, 10_000, 40)).toBeNaN();
  });

  it('is NaN for a missing sample or a step that does not move forward', () => {
    expect(counterRate(0, NaN, 10_000, 150)).toBeNaN();
    expect(counterRate(0, 100, 10_000, NaN)).toBeNaN();
    expect(counterRate(10_000, 100, 10_000, 150)).toBeNaN();
  });
});
