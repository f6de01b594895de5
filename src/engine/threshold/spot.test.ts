import { base64ToFloat64 } from '../util/base64';
import { Random } from '../util/random';
import { Spot, type SpotParams, spotStateSchema } from './spot';

const PARAMS: SpotParams = { risk: 1e-4, calibration: 2000, initialLevel: 0.98, maxPeaks: 200, minPeaks: 10, depth: 0 };

function exponential(random: Random): number {
  return -Math.log(1 - random.next());
}

function gpd(random: Random, shape: number, scale: number): number {
  return (scale / shape) * (Math.pow(1 - random.next(), -shape) - 1);
}

function restored(spot: Spot): Spot {
  return new Spot(spot.params, spotStateSchema.parse(JSON.parse(JSON.stringify(spot.toState()))));
}

describe('SPOT', () => {
  it('sets z_q at the analytic quantile of an exponential tail (P(X > x) = e^-x, q = 1e-4: z_q = 9.21)', () => {
    const random = new Random(3);
    const spot = new Spot({ ...PARAMS, calibration: 20_000 });
    for (let i = 0; i < 20_000; i++) {
      spot.update(exponential(random));
    }
    expect(Math.abs(spot.threshold - Math.log(1e4))).toBeLessThan(0.6);
    expect(spot.surprise(Math.log(1e4))).toBeGreaterThan(3.7);
    expect(spot.surprise(Math.log(1e4))).toBeLessThan(4.3);
  });

  it('sets z_q at the analytic quantile of a heavy tail (GPD shape 0.3, q = 1e-3: z_q = 23.1) within 20%', () => {
    const random = new Random(5);
    const spot = new Spot({ ...PARAMS, risk: 1e-3, calibration: 20_000, maxPeaks: 400 });
    for (let i = 0; i < 20_000; i++) {
      spot.update(gpd(random, 0.3, 1));
    }
    const analytic = (1 / 0.3) * (Math.pow(1e-3, -0.3) - 1);
    expect(Math.abs(spot.threshold / analytic - 1)).toBeLessThan(0.2);
  });

  it('gives z_q = t + scale / shape ((q n / N_t)^-shape - 1) from its own fit', () => {
    const random = new Random(8);
    const spot = new Spot(PARAMS);
    for (let i = 0; i < 5000; i++) {
      spot.update(gpd(random, 0.2, 2));
    }
    const state = spotStateSchema.parse(spot.toState());
    const { shape, scale } = state.fit!;
    const p = (PARAMS.risk * state.observed) / state.exceeded;
    expect(spot.threshold).toBeCloseTo(state.initialThreshold + (scale / shape) * (Math.pow(p, -shape) - 1), 10);
  });

  it('alarms above z_q and does not learn the alarm', () => {
    const random = new Random(11);
    const spot = new Spot(PARAMS);
    for (let i = 0; i < 3000; i++) {
      spot.update(exponential(random));
    }
    const before = spotStateSchema.parse(spot.toState());
    const step = spot.update(1000);
    expect(step.alarm).toBe(true);
    expect(step.surprise).toBeGreaterThan(100);
    expect(spotStateSchema.parse(spot.toState())).toEqual(before);
    expect(spot.update(0.5).alarm).toBe(false);
  });

  it('keeps its surprise increasing and continuous across t', () => {
    const random = new Random(12);
    const spot = new Spot(PARAMS);
    for (let i = 0; i < 3000; i++) {
      spot.update(exponential(random));
    }
    const t = spotStateSchema.parse(spot.toState()).initialThreshold;
    expect(spot.surprise(t - 1e-9)).toBeCloseTo(spot.surprise(t + 1e-9), 6);
    let previous = -Infinity;
    for (let x = -2; x < 30; x += 0.25) {
      expect(spot.surprise(x)).toBeGreaterThan(previous);
      previous = spot.surprise(x);
    }
  });

  it('restores exactly, while calibrating and after', () => {
    const random = new Random(13);
    const values = Array.from({ length: 6000 }, (_, i) => gpd(random, 0.25, 1) + (i % 997 === 0 ? 50 : 0));
    for (const cut of [700, 2500, 4100]) {
      const straight = new Spot({ ...PARAMS, depth: 30 });
      const first = new Spot({ ...PARAMS, depth: 30 });
      const expected = values.map((value) => straight.update(value));
      const seen = values.slice(0, cut).map((value) => first.update(value));
      const second = restored(first);
      seen.push(...values.slice(cut).map((value) => second.update(value)));
      expect(seen).toEqual(expected);
      expect(second.toState()).toEqual(straight.toState());
    }
  });

  it('refuses a state saved with other parameters, except another risk', () => {
    const spot = new Spot(PARAMS);
    const state = spotStateSchema.parse(spot.toState());
    expect(() => new Spot({ ...PARAMS, calibration: 500 }, state)).toThrow('calibration=2000');
    expect(new Spot({ ...PARAMS, risk: 1e-3 }, state).toState().params.risk).toBe(1e-3);
  });

  it('keeps at most maxPeaks peaks however long the series', () => {
    const random = new Random(14);
    const spot = new Spot({ ...PARAMS, maxPeaks: 50 });
    for (let i = 0; i < 30_000; i++) {
      spot.update(exponential(random));
    }
    const state = spotStateSchema.parse(spot.toState());
    expect(base64ToFloat64(state.peaks).length).toBe(50);
    expect(state.exceeded).toBeGreaterThan(400);
  });

  it('has no threshold on a constant series, nor with too few peaks, and fits once enough peaks arrive', () => {
    const constant = new Spot(PARAMS);
    for (let i = 0; i < 5000; i++) {
      expect(constant.update(3).alarm).toBe(false);
    }
    expect(constant.threshold).toBeNaN();
    expect(constant.surprise(1e6)).toBeNaN();

    const random = new Random(15);
    const sparse = new Spot({ ...PARAMS, calibration: 200 });
    for (let i = 0; i < 200; i++) {
      sparse.update(exponential(random));
    }
    expect(sparse.calibrated).toBe(true);
    expect(sparse.threshold).toBeNaN();
    for (let i = 0; i < 1000; i++) {
      sparse.update(exponential(random));
    }
    expect(sparse.threshold).toBeGreaterThan(5);
  });

  it('ignores non-finite values', () => {
    const spot = new Spot(PARAMS);
    expect(spot.update(NaN)).toEqual({ value: NaN, threshold: NaN, alarm: false, surprise: NaN });
    expect(spotStateSchema.parse(spot.toState()).calibrating).toBe('');
  });
});

describe('DSPOT', () => {
  it('follows a drifting level on which SPOT keeps alarming', () => {
    const random = new Random(21);
    const spot = new Spot(PARAMS);
    const dspot = new Spot({ ...PARAMS, depth: 50 });
    let spotAlarms = 0;
    let dspotAlarms = 0;
    for (let i = 0; i < 6000; i++) {
      const value = 0.002 * i + exponential(random);
      spotAlarms += spot.update(value).alarm ? 1 : 0;
      dspotAlarms += dspot.update(value).alarm ? 1 : 0;
    }
    expect(spotAlarms).toBeGreaterThan(50);
    expect(dspotAlarms).toBeLessThan(10);
  });

  it('thresholds the value minus the mean of the last depth normal values', () => {
    const dspot = new Spot({ ...PARAMS, depth: 4, calibration: 3 });
    [1, 2, 3, 4].forEach((value) => dspot.update(value));
    expect(dspot.update(10).value).toBe(10 - 2.5);
  });
});
