import type { FeatureName } from '../detectorSpec';
import { DAY_MS, WEEK_MS } from '../seasonal/period';

/** Columns each feature takes: time features are a (sin, cos) pair so midnight sits next to 23:59. */
const FEATURE_WIDTH: Record<FeatureName, number> = {
  value: 1,
  diff: 1,
  rolling_z: 1,
  seasonal_residual: 1,
  time_of_day: 2,
  day_of_week: 2,
};

/** Feature magnitudes are capped so that huge inputs (1e300, Inf) stay finite for the models. */
const FEATURE_LIMIT = 1e12;
const Z_LIMIT = 1e6;

export function featureDims(features: readonly FeatureName[]): number {
  return features.reduce((sum, name) => sum + FEATURE_WIDTH[name], 0);
}

/** What is known about one point when its features are computed (all causal: from the past and itself). */
export interface PointContext {
  timestamp: number;
  value: number;
  /** Change from the previous value (0 for the first point). */
  diff: number;
  /** Standard score against the rolling window of previous values. */
  rollingZ: number;
  /** Standard score against the expected value (seasonal profile or rolling median). */
  residualZ: number;
}

function clip(value: number, limit: number): number {
  if (value !== value) {
    return 0;
  }
  return value > limit ? limit : value < -limit ? -limit : value;
}

/** Writes the point's feature vector, in the order of `features`, at out[offset...]. */
export function writeFeatures(
  features: readonly FeatureName[],
  point: PointContext,
  out: Float64Array,
  offset: number
): void {
  let column = offset;
  for (let i = 0; i < features.length; i++) {
    switch (features[i]) {
      case 'value':
        out[column++] = clip(point.value, FEATURE_LIMIT);
        break;
      case 'diff':
        out[column++] = clip(point.diff, FEATURE_LIMIT);
        break;
      case 'rolling_z':
        out[column++] = clip(point.rollingZ, Z_LIMIT);
        break;
      case 'seasonal_residual':
        out[column++] = clip(point.residualZ, Z_LIMIT);
        break;
      case 'time_of_day': {
        const angle = (2 * Math.PI * (((point.timestamp % DAY_MS) + DAY_MS) % DAY_MS)) / DAY_MS;
        out[column++] = Math.sin(angle);
        out[column++] = Math.cos(angle);
        break;
      }
      case 'day_of_week': {
        const angle = (2 * Math.PI * (((point.timestamp % WEEK_MS) + WEEK_MS) % WEEK_MS)) / WEEK_MS;
        out[column++] = Math.sin(angle);
        out[column++] = Math.cos(angle);
        break;
      }
    }
  }
}

export function clipZ(value: number): number {
  return clip(value, Z_LIMIT);
}
