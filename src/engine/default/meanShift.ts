import type { DecayingStats } from './decayingStats';
import type { WindowStats } from './windowStats';

/** The least standard deviation a shift is measured in, for a history of means that has not varied. */
export const MIN_SHIFT_SPREAD = 1e-3;

/**
 * One row of a sustained-shift test: `z` joins the recent window, and the recent mean's distance from the history of
 * such means is returned in that history's standard deviations, or in `minSpread` if that is wider (NaN while the
 * history holds fewer than `warmup` means); the recent mean then joins the history. The value-scale and the
 * log-scale shift tests both step this way.
 */
export function meanShift(
  recent: WindowStats,
  history: DecayingStats,
  z: number,
  warmup: number,
  minSpread = MIN_SHIFT_SPREAD
): number {
  recent.push(z);
  const shift =
    history.size >= warmup ? (recent.mean - history.mean) / Math.max(Math.sqrt(history.variance), minSpread) : NaN;
  history.push(recent.mean);
  return shift;
}
