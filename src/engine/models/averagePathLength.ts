const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points
 * (Liu, Ting & Zhou 2008), c(n) = 2H(n-1) - 2(n-1)/n with H(i) = ln(i) + Euler's constant.
 * By convention c(n) = 0 for n <= 1 and c(2) = 1 (as in scikit-learn).
 */
export function averagePathLength(n: number): number {
  if (n <= 1) {
    return 0;
  }
  if (n === 2) {
    return 1;
  }
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}
