import type { Period } from '../seasonal/period';
import { formatNumber } from '../util/formatNumber';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Significant digits of the values the explanations quote. */
const DIGITS = 3;

function signed(value: number): string {
  return value >= 0 ? `+${formatNumber(value, DIGITS)}` : formatNumber(value, DIGITS);
}

function clockTime(timestamp: number): string {
  const date = new Date(timestamp);
  const pad = (part: number) => String(part).padStart(2, '0');
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** Where the expected value came from, as the tail of a sentence ("for Tuesday 14:00 UTC"). */
export function baselineDescription(period: Period | null, timestamp: number, window: number): string {
  if (period === 'weekly') {
    return `for ${DAY_NAMES[new Date(timestamp).getUTCDay()]} ${clockTime(timestamp)} UTC`;
  }
  if (period === 'daily') {
    return `for ${clockTime(timestamp)} UTC`;
  }
  return `(median of the last ${window} points)`;
}

export interface Evidence {
  timestamp: number;
  value: number;
  expected: number;
  residualZ: number;
  diff: number;
  diffScale: number;
  rollingZ: number;
  rollingMean: number;
  period: Period | null;
  window: number;
  /** The point's anomaly score (calibrated: the one compared with the threshold), for the fallback sentence. */
  score: number;
  /** Written after each value (valueUnit: `/s` for a counter's rate). */
  unit: string;
}

/**
 * Explains an anomalous point by its largest deviation: from the expected value (band), from the
 * previous value (a jump), or from the recent mean; if none stands out, says the combination is unusual.
 */
export function explain(evidence: Evidence): string {
  const { value, expected, residualZ, diff, diffScale, rollingZ, unit } = evidence;
  const shown = (x: number) => `${formatNumber(x, DIGITS)}${unit}`;
  const jumpZ = diffScale > 0 ? Math.abs(diff) / diffScale : 0;
  const bandZ = Number.isFinite(expected) ? Math.abs(residualZ) : 0;
  const strongest = Math.max(bandZ, jumpZ, Math.abs(rollingZ));
  if (strongest < 2) {
    return `unusual pattern (model score ${evidence.score.toFixed(2)}): value ${shown(value)}, change ${signed(diff)}${unit}`;
  }
  if (strongest === bandZ) {
    const direction = residualZ >= 0 ? 'above' : 'below';
    return `value ${shown(value)} is ${bandZ.toFixed(1)}σ ${direction} the expected ${shown(expected)} ${baselineDescription(evidence.period, evidence.timestamp, evidence.window)}`;
  }
  if (strongest === jumpZ) {
    const flat = diffScale <= 1e-6 * Math.max(Math.abs(value), Math.abs(evidence.rollingMean));
    const typical = flat ? 'after a flat stretch' : `vs typical ±${shown(diffScale)}`;
    return `sudden ${diff >= 0 ? 'jump' : 'drop'}: change of ${signed(diff)}${unit} ${typical}`;
  }
  const direction = rollingZ >= 0 ? 'above' : 'below';
  return `value ${shown(value)} is ${Math.abs(rollingZ).toFixed(1)}σ ${direction} the mean ${shown(evidence.rollingMean)} of the last ${evidence.window} points`;
}
