/**
 * Decorrelates standardised features: rotates them onto the principal axes of their training covariance and
 * scales each axis to unit variance. Correlated metrics (latency following traffic) then put their usual
 * relation on the large axes, and a point that breaks it lands far out on a small axis, where an isolation
 * forest's axis-aligned cuts isolate it quickly. The inverse covariance gives each metric's expected value
 * given the others (for per-metric contributions).
 */
export interface Whitening {
  dims: number;
  /** Eigenvectors as rows (dims x dims, row-major), each scaled by 1/sqrt(its eigenvalue). */
  transform: Float64Array;
  /** Inverse covariance (dims x dims, row-major). */
  precision: Float64Array;
}

/** Eigenvalues below this share of the largest are floored there (a metric that is a copy of another). */
const MIN_EIGEN_SHARE = 1e-4;

export function fitWhitening(rows: Float64Array, dims: number): Whitening {
  const count = rows.length / dims;
  const covariance = new Float64Array(dims * dims);
  const means = new Float64Array(dims);
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < dims; a++) {
      means[a] += rows[i * dims + a] / count;
    }
  }
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < dims; a++) {
      for (let b = a; b < dims; b++) {
        covariance[a * dims + b] += ((rows[i * dims + a] - means[a]) * (rows[i * dims + b] - means[b])) / count;
      }
    }
  }
  for (let a = 0; a < dims; a++) {
    for (let b = 0; b < a; b++) {
      covariance[a * dims + b] = covariance[b * dims + a];
    }
  }
  const { values, vectors } = symmetricEigen(covariance, dims);
  const floor = Math.max(...values, 1e-12) * MIN_EIGEN_SHARE;
  const transform = new Float64Array(dims * dims);
  const precision = new Float64Array(dims * dims);
  for (let k = 0; k < dims; k++) {
    const value = Math.max(values[k], floor);
    for (let a = 0; a < dims; a++) {
      transform[k * dims + a] = vectors[a * dims + k] / Math.sqrt(value);
      for (let b = 0; b < dims; b++) {
        precision[a * dims + b] += (vectors[a * dims + k] * vectors[b * dims + k]) / value;
      }
    }
  }
  return { dims, transform, precision };
}

export function whiten(whitening: Whitening, row: ArrayLike<number>, out: Float64Array): Float64Array {
  const { dims, transform } = whitening;
  for (let k = 0; k < dims; k++) {
    let sum = 0;
    for (let a = 0; a < dims; a++) {
      sum += transform[k * dims + a] * row[a];
    }
    out[k] = sum;
  }
  return out;
}

/** The value of feature `m` the others make most likely (centered features, Gaussian model). */
export function expectedGivenOthers(whitening: Whitening, row: ArrayLike<number>, m: number): number {
  const { dims, precision } = whitening;
  let sum = 0;
  for (let j = 0; j < dims; j++) {
    if (j !== m) {
      sum += precision[m * dims + j] * row[j];
    }
  }
  return -sum / precision[m * dims + m];
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations; vectors as columns. */
function symmetricEigen(matrix: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = matrix.slice();
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    v[i * n + i] = 1;
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        off += a[p * n + q] ** 2;
      }
    }
    if (off < 1e-24) {
      break;
    }
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) {
          continue;
        }
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}
