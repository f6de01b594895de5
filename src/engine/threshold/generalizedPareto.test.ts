import { Random } from '../util/random';
import { fitGpd, gpdFromMoments, gpdLog10Survival, gpdLogLikelihood, gpdQuantile } from './generalizedPareto';

/** n excesses drawn from GPD(shape, scale) by inverting its survival function. */
function gpdSample(shape: number, scale: number, n: number, seed: number): Float64Array {
  const random = new Random(seed);
  const sample = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - random.next();
    sample[i] = shape === 0 ? -scale * Math.log(u) : (scale / shape) * (Math.pow(u, -shape) - 1);
  }
  return sample;
}

describe('generalised Pareto fit (Grimshaw)', () => {
  // 4000 excesses: the MLE's standard error on the shape is about (1 + shape) / sqrt(4000) < 0.025.
  it.each([
    [-0.4, 1],
    [-0.2, 3],
    [0, 2],
    [0.2, 0.5],
    [0.5, 1],
  ])('recovers shape %p (within 0.08) and scale %p (within 8%%)', (shape, scale) => {
    for (const seed of [1, 2, 3]) {
      const fit = fitGpd(gpdSample(shape, scale, 4000, seed));
      expect(fit).not.toBeNull();
      expect(Math.abs(fit!.shape - shape)).toBeLessThan(0.08);
      expect(Math.abs(fit!.scale / scale - 1)).toBeLessThan(0.08);
    }
  });

  it('finds the likelihood maximum: no nearby parameters are more likely', () => {
    const sample = gpdSample(0.3, 2, 500, 7);
    const fit = fitGpd(sample)!;
    const best = gpdLogLikelihood(sample, fit);
    for (const [dShape, dScale] of [
      [0.01, 0],
      [-0.01, 0],
      [0, 0.02],
      [0, -0.02],
      [0.01, 0.02],
      [-0.01, -0.02],
    ]) {
      expect(gpdLogLikelihood(sample, { shape: fit.shape + dShape, scale: fit.scale + dScale })).toBeLessThan(best);
    }
  });

  it('gives the exponential fit for identical excesses and null for none', () => {
    const fit = fitGpd([2, 2, 2, 2])!;
    expect(Math.abs(fit.shape)).toBeLessThan(1e-6);
    expect(fit.scale).toBeCloseTo(2, 6);
    expect(fitGpd([])).toBeNull();
    expect(() => fitGpd([1, 0])).toThrow(RangeError);
  });

  it.each([-0.3, 0, 0.4])('quantile and survival of shape %p are inverse and match the closed form', (shape) => {
    const fit = { shape, scale: 1.5 };
    for (const p of [0.5, 0.1, 1e-3, 1e-6]) {
      const y = gpdQuantile(fit, p);
      const analytic = shape === 0 ? -1.5 * Math.log(p) : (1.5 / shape) * (Math.pow(p, -shape) - 1);
      expect(y).toBeCloseTo(analytic, 9);
      expect(gpdLog10Survival(fit, y)).toBeCloseTo(Math.log10(p), 9);
    }
  });

  it('puts excesses beyond a negative shape end point at probability 0', () => {
    expect(gpdLog10Survival({ shape: -0.5, scale: 1 }, 2.5)).toBe(-Infinity);
  });
});

describe('generalised Pareto fit by moments', () => {
  function fitByMoments(sample: Float64Array) {
    let sum = 0;
    let squares = 0;
    for (const y of sample) {
      sum += y;
      squares += y * y;
    }
    const mean = sum / sample.length;
    return gpdFromMoments(mean, squares / sample.length - mean * mean);
  }

  // Bounded (shape < 0) and light or moderately heavy tails; the moments' spread grows as the shape nears 1/4.
  it.each([
    [-0.5, 2],
    [-0.2, 3],
    [0, 2],
    [0.15, 0.5],
  ])('recovers shape %p (within 0.06) and scale %p (within 8%%)', (shape, scale) => {
    for (const seed of [1, 2, 3]) {
      const fit = fitByMoments(gpdSample(shape, scale, 4000, seed));
      expect(fit).not.toBeNull();
      expect(Math.abs(fit!.shape - shape)).toBeLessThan(0.06);
      expect(Math.abs(fit!.scale / scale - 1)).toBeLessThan(0.08);
    }
  });

  it('finds the end point of a bounded tail, never takes a shape of 1/2 or more, and needs a spread', () => {
    const fit = fitByMoments(gpdSample(-0.5, 2, 4000, 4))!;
    // The end point of GPD(-0.5, 2) is 4: nothing beyond it is possible.
    expect(-fit.scale / fit.shape).toBeGreaterThan(3.6);
    expect(-fit.scale / fit.shape).toBeLessThan(4.4);
    expect(gpdLog10Survival(fit, 5)).toBe(-Infinity);
    expect(fitByMoments(gpdSample(1.5, 1, 4000, 5))!.shape).toBeLessThan(0.5);
    expect(gpdFromMoments(2, 0)).toBeNull();
    expect(gpdFromMoments(0, 1)).toBeNull();
  });
});
