/** A generalised Pareto tail: P(Y > y) = (1 + shape * y / scale)^(-1/shape) for excesses y >= 0 (exponential at shape 0). */
export interface GpdFit {
  shape: number;
  scale: number;
}

/** Grid points per decade of the root search (geometrically spaced, dense near 0 and near the pole). */
const PER_DECADE = 3;
/** The grid's smallest step from 0 and from the pole at -1/max, relative to 1/max. */
const GRID_SPAN_DIGITS = 8;
const BISECTIONS = 45;

/** Shapes this close to 0 use the exponential formulas (the general ones lose all precision there). */
const EXPONENTIAL_SHAPE = 1e-9;

/**
 * Log-likelihood of the excesses under GPD(shape, scale): -Infinity where an excess lies beyond a negative shape's end
 * point or the scale is not positive.
 */
export function gpdLogLikelihood(excesses: ArrayLike<number>, fit: GpdFit): number {
  const { shape, scale } = fit;
  const n = excesses.length;
  if (!(scale > 0)) {
    return -Infinity;
  }
  let sum = 0;
  if (Math.abs(shape) < EXPONENTIAL_SHAPE) {
    for (let i = 0; i < n; i++) {
      sum += excesses[i];
    }
    return -n * Math.log(scale) - sum / scale;
  }
  for (let i = 0; i < n; i++) {
    const t = 1 + (shape * excesses[i]) / scale;
    if (!(t > 0)) {
      return -Infinity;
    }
    sum += Math.log(t);
  }
  return -n * Math.log(scale) - (1 + 1 / shape) * sum;
}

/**
 * Grimshaw's profile equation in x = shape / scale: w(x) = u(x) v(x) - 1 with u = mean 1/(1 + x y) and
 * v = 1 + mean log(1 + x y). Every non-zero root is a stationary point of the likelihood, with shape = v(x) - 1.
 */
function grimshaw(excesses: ArrayLike<number>, x: number): { w: number; shape: number } {
  const n = excesses.length;
  let u = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const t = 1 + x * excesses[i];
    u += 1 / t;
    v += Math.log(t);
  }
  u /= n;
  v = 1 + v / n;
  return { w: u * v - 1, shape: v - 1 };
}

/** Roots of w in (low, high) found by sign changes on `grid` and bisection. */
function roots(excesses: ArrayLike<number>, grid: number[]): number[] {
  const found: number[] = [];
  let previous = grid[0];
  let previousW = grimshaw(excesses, previous).w;
  for (let k = 1; k < grid.length; k++) {
    const x = grid[k];
    const w = grimshaw(excesses, x).w;
    if (Number.isFinite(w) && Number.isFinite(previousW) && previousW < 0 !== w < 0) {
      let low = previous;
      let high = x;
      let lowW = previousW;
      for (let b = 0; b < BISECTIONS; b++) {
        const mid = (low + high) / 2;
        const midW = grimshaw(excesses, mid).w;
        if (lowW < 0 === midW < 0) {
          low = mid;
          lowW = midW;
        } else {
          high = mid;
        }
      }
      found.push((low + high) / 2);
    }
    previous = x;
    previousW = w;
  }
  return found;
}

/** Points on (-1/max, 0), geometrically dense towards both ends. */
function negativeGrid(max: number): number[] {
  const points: number[] = [];
  const steps = PER_DECADE * GRID_SPAN_DIGITS;
  for (let k = 0; k <= steps; k++) {
    const s = Math.pow(10, -k / PER_DECADE) / 2;
    points.push(-s / max, -(1 - s) / max);
  }
  return points.sort((a, b) => a - b);
}

/** Points on (0, upper], geometric from 10^-GRID_SPAN_DIGITS / max: roots may sit anywhere on that log scale. */
function positiveGrid(max: number, upper: number): number[] {
  const points: number[] = [];
  const low = Math.pow(10, -GRID_SPAN_DIGITS) / max;
  const steps = Math.ceil(PER_DECADE * Math.log10(upper / low));
  for (let k = 0; k <= steps; k++) {
    points.push(Math.min(upper, low * Math.pow(10, k / PER_DECADE)));
  }
  return points;
}

/**
 * Maximum-likelihood GPD fit of positive excesses by Grimshaw's method (1993): the likelihood's stationary points
 * are the roots of one equation in x = shape / scale, on (-1/max, 0) and (0, 2 (mean - min) / min^2); each root and
 * the exponential fit (shape 0, scale = mean) are candidates and the most likely one wins. Null for no excesses.
 */
export function fitGpd(excesses: ArrayLike<number>): GpdFit | null {
  const n = excesses.length;
  if (n === 0) {
    return null;
  }
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += excesses[i];
    min = Math.min(min, excesses[i]);
    max = Math.max(max, excesses[i]);
  }
  const mean = sum / n;
  if (!(min > 0) || !Number.isFinite(max)) {
    throw new RangeError('GPD excesses must be positive and finite');
  }
  let best: GpdFit = { shape: 0, scale: mean };
  let bestLikelihood = gpdLogLikelihood(excesses, best);
  const candidates = roots(excesses, negativeGrid(max));
  const upper = (2 * (mean - min)) / (min * min);
  if (upper * max > Math.pow(10, -GRID_SPAN_DIGITS) && Number.isFinite(upper)) {
    candidates.push(...roots(excesses, positiveGrid(max, upper)));
  }
  for (const x of candidates) {
    const shape = grimshaw(excesses, x).shape;
    const fit = { shape, scale: shape / x };
    const likelihood = gpdLogLikelihood(excesses, fit);
    if (likelihood > bestLikelihood) {
      best = fit;
      bestLikelihood = likelihood;
    }
  }
  return best;
}

/** log10 of P(Y > y) under the fit; -Infinity beyond a negative shape's end point. */
export function gpdLog10Survival(fit: GpdFit, excess: number): number {
  const y = Math.max(0, excess);
  if (Math.abs(fit.shape) < EXPONENTIAL_SHAPE) {
    return -y / fit.scale / Math.LN10;
  }
  const t = 1 + (fit.shape * y) / fit.scale;
  return t > 0 ? -Math.log10(t) / fit.shape : -Infinity;
}

/** The excess y with P(Y > y) = p under the fit (0 < p <= 1). */
export function gpdQuantile(fit: GpdFit, p: number): number {
  if (Math.abs(fit.shape) < EXPONENTIAL_SHAPE) {
    return -fit.scale * Math.log(p);
  }
  return (fit.scale / fit.shape) * (Math.pow(p, -fit.shape) - 1);
}

/**
 * Method-of-moments GPD fit from the excesses' mean and variance (Hosking & Wallis, 1987): shape = (1 - mean^2 /
 * variance) / 2, scale = mean (1 + mean^2 / variance) / 2. It needs only two running sums, so a streaming tail can
 * be refitted every row; its shape is always below 1/2 (a finite variance), so it never takes a tail heavier than
 * that. Null without a positive mean and variance.
 */
export function gpdFromMoments(mean: number, variance: number): GpdFit | null {
  if (!(mean > 0) || !(variance > 0)) {
    return null;
  }
  const ratio = (mean * mean) / variance;
  return { shape: (1 - ratio) / 2, scale: (mean * (1 + ratio)) / 2 };
}
