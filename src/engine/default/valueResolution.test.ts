import { ValueResolution, valueResolutionStateSchema } from './valueResolution';

function learned(values: number[]): ValueResolution {
  const resolution = new ValueResolution();
  values.forEach((value) => resolution.learn(value));
  return resolution;
}

describe('ValueResolution', () => {
  it('floors at one unit of the last decimal the values are written with', () => {
    expect(learned([0.134, 0.136, 0.134]).spreadFloor(0.135)).toBe(0.001);
    expect(learned([45, 45.5, 46.25]).spreadFloor(46)).toBe(0.01);
    expect(learned([0, 1, 3, 2]).spreadFloor(1)).toBe(1);
    expect(learned([-2.5, -1, 0]).spreadFloor(-1)).toBe(0.1);
    // Large integers, and sums whose doubles are a rounding error off, keep their decimals.
    expect(learned([123456789012, 123456789013]).spreadFloor(123456789012)).toBe(1);
    expect(learned([1234.567, 0.1 + 0.2]).spreadFloor(1)).toBe(0.001);
  });

  it('counts the decimals of small values from their first significant digit, so the floor scales with the values', () => {
    // Occupancy readings written with 2 decimals (NAB's occupancy_6005), then the same in other units.
    const written = ['3.06', '6.44', '5.17', '3.83', '12.5'];
    for (const exponent of [-12, -8, -3, 0]) {
      const unit = Number(`1e${exponent - 2}`);
      const resolution = learned(written.map((text) => Number(`${text}e${exponent}`)));
      expect(resolution.spreadFloor(Number(`4e${exponent}`))).toBe(unit);
    }
    expect(learned([3e-8, 1.5e-9]).spreadFloor(1e-8)).toBe(1e-10);
    // Zeros before the first other value say nothing of the decimals.
    expect(learned([0, 0, 3e-8]).spreadFloor(1e-8)).toBe(1e-8);
    // A value within a millionth of a unit of a whole number is still taken as written with the series' decimals.
    expect(learned([0.134, 0.136, 2.7755575615628914e-17]).spreadFloor(0.1)).toBe(0.001);
    // More than 12 significant digits are continuous at any magnitude.
    expect(learned([1.23456789012345e-9]).spreadFloor(1.2e-9)).toBe(0);
  });

  it('gives no floor for continuous values, beyond the range seen, or before the first value', () => {
    expect(learned([0.134, 1 / 3]).spreadFloor(0.2)).toBe(0);
    expect(learned([Math.PI, 0.134]).spreadFloor(1)).toBe(0);
    const flag = learned([1, 1, 1]);
    expect(flag.spreadFloor(1)).toBe(1);
    expect(flag.spreadFloor(0)).toBe(0);
    expect(flag.spreadFloor(1.5)).toBe(0);
    expect(new ValueResolution().spreadFloor(0)).toBe(0);
    expect(learned([0, 0]).spreadFloor(0)).toBe(0);
  });

  it('keeps the range seen', () => {
    const resolution = learned([3, -1, 2]);
    expect([resolution.lowest, resolution.highest]).toEqual([-1, 3]);
    expect([new ValueResolution().lowest, new ValueResolution().highest]).toEqual([Infinity, -Infinity]);
  });

  it('continues exactly after a round trip of its state through JSON', () => {
    const values = [0.5, 0.25, 0.125, 7, 0.0625];
    const whole = learned(values.slice(0, 3));
    const restored = new ValueResolution(valueResolutionStateSchema.parse(JSON.parse(JSON.stringify(whole.toState()))));
    for (const value of values.slice(3)) {
      whole.learn(value);
      restored.learn(value);
      expect(restored.spreadFloor(0.5)).toBe(whole.spreadFloor(0.5));
    }
    expect(restored.toState()).toEqual(whole.toState());
    expect(restored.spreadFloor(0.5)).toBe(0.0001);
    const empty = valueResolutionStateSchema.parse(JSON.parse(JSON.stringify(new ValueResolution().toState())));
    expect(new ValueResolution(empty).toState()).toEqual(new ValueResolution().toState());
    const continuous = learned([0.5, Math.PI]);
    const state = valueResolutionStateSchema.parse(JSON.parse(JSON.stringify(continuous.toState())));
    expect(new ValueResolution(state).toState()).toEqual(continuous.toState());
    expect(new ValueResolution(state).spreadFloor(1)).toBe(0);
  });

  it("floors a counter's rate at one unit of the counter over the interval, within the range of rates seen", () => {
    const rate = new ValueResolution();
    // A counter of errors read every 5 minutes: 1000, 1000, 1001, 1001 (rates 0, 1/300, 0).
    rate.learn(0, 1000);
    rate.learn(1 / 300, 1001);
    rate.learn(0, 1001);
    rate.unitScale = 1 / 300;
    expect(rate.spreadFloor(1 / 600)).toBe(1 / 300);
    expect(rate.spreadFloor(2 / 300)).toBe(0);
    expect([rate.lowest, rate.highest]).toEqual([0, 1 / 300]);
    // The same rates judged as written have no last decimal.
    expect(learned([0, 1 / 300, 0]).spreadFloor(1 / 600)).toBe(0);
  });
});
