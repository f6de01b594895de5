import type { RecentWindow } from '../features/recentWindow';
import { type SeasonalProfile, profileAt } from '../seasonal/profile';

/** The per-point quantities every model, band and explanation is built from (computed causally). */
export interface PointMeasures {
  /** Seasonal offset at this time (0 without a profile); the level window holds value - offset. */
  seasonal: number;
  expected: number;
  scale: number;
  diff: number;
  rollingMean: number;
  rollingZ: number;
  residualZ: number;
}

export function emptyMeasures(): PointMeasures {
  return { seasonal: 0, expected: NaN, scale: NaN, diff: 0, rollingMean: NaN, rollingZ: 0, residualZ: 0 };
}

const scratch = { level: 0, scale: 0 };

/** Spreads below this share of the series' scale are rounding noise: they are floored there. */
export const NUMERIC_FLOOR = 1e-9;

/**
 * Measures value x at time t against what came before: the rolling window of previous values,
 * and the expected value: the recent level (median of deseasonalised values) plus the seasonal
 * offset, or without a profile the window's median and MAD. `floor` (the fitted model's, at least
 * NUMERIC_FLOOR of the series' scale) keeps spreads from collapsing to zero on flat or quantised
 * data; before the first fit, NUMERIC_FLOOR of x itself does.
 */
export function measurePoint(
  window: RecentWindow,
  levelWindow: RecentWindow | null,
  profile: SeasonalProfile | null,
  floor: number,
  timestamp: number,
  x: number,
  out: PointMeasures
): void {
  const size = window.length;
  const tiny = NUMERIC_FLOOR * Math.abs(x);
  const minimum = floor > tiny ? floor : tiny;
  out.seasonal = 0;
  out.diff = size > 0 ? x - window.last() : 0;
  if (size >= 2) {
    out.rollingMean = window.mean();
    const std = window.std();
    out.rollingZ = (x - out.rollingMean) / (std > minimum ? std : minimum);
  } else {
    out.rollingMean = size === 1 ? window.last() : NaN;
    out.rollingZ = 0;
  }
  if (profile && levelWindow) {
    profileAt(profile, timestamp, scratch);
    out.seasonal = scratch.level;
    out.expected = levelWindow.length >= 3 ? levelWindow.median() + scratch.level : NaN;
    out.scale = scratch.scale > minimum ? scratch.scale : minimum;
  } else if (size >= 3) {
    out.expected = window.median();
    const spread = window.robustScale(out.expected);
    out.scale = spread > minimum ? spread : minimum;
  } else {
    out.expected = NaN;
    out.scale = NaN;
  }
  out.residualZ = out.expected === out.expected ? (x - out.expected) / out.scale : 0;
  if (out.residualZ !== out.residualZ) {
    out.residualZ = 0;
  }
  if (out.rollingZ !== out.rollingZ) {
    out.rollingZ = 0;
  }
}
