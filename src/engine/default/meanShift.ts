import type { DecayingStats } from './decayingStats';
import type { WindowStats } from './windowStats';

/**
 * One row of a sustained-shift test: `z` joins the recent window, and the recent mean's distance from the history of
 * such means is returned in that history's standard deviations (NaN while the history holds fewer than `warmup`
 * means); the recent mean then joins the history. The value-scale and the log-scale shift tests both step this way.
 */
export function meanShift(recent: WindowStats, history: DecayingStats, z: number, warmup: number): number {
  recent.push(z);
  const shift =
    history.size >= warmup ? (recent.mean - history.mean) / Math.max(Math.sqrt(history.variance), 1e-3) : NaN;
  history.push(recent.mean);
  return shift;
}
