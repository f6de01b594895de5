const LN10 = Math.log(10);

/**
 * ln(erfc(x)) for x >= 0 from Numerical Recipes' Chebyshev fit (relative error < 1.2e-7): the fit is t * exp(poly),
 * so its logarithm needs no exp and does not underflow.
 */
function logErfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  return (
    Math.log(t) -
    x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
}

/** Complementary error function (relative error < 1.2e-7). */
export function erfc(x: number): number {
  const r = Math.exp(logErfcNonNegative(Math.abs(x)));
  return x >= 0 ? r : 2 - r;
}

/**
 * -log10 of the upper tail probability P(Z > z) of a standard normal: how surprising z is, in decimal digits.
 * Computed in log space so it keeps growing (and keeps its order) far past where the probability underflows.
 */
export function surpriseDigits(z: number): number {
  if (z < 0) {
    return -Math.log10(0.5 * erfc(z / Math.SQRT2));
  }
  if (z < 8) {
    return -(logErfcNonNegative(z / Math.SQRT2) - Math.LN2) / LN10;
  }
  // Mills ratio: P(Z > z) ~ phi(z) / z * (1 - 1/z^2).
  const logTail = -0.5 * z * z - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / (z * z));
  return -logTail / LN10;
}
