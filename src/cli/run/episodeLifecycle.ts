import { DEFAULT_LIFECYCLE_OPTIONS, type LifecycleOptions } from '../../alerting';
import { EPISODE_GAP_STEPS } from '../../engine/evaluation/episodes';

/**
 * The CLI's alert lifecycle: one alert per anomaly episode, grouped as the backtest, the panel and the daily report
 * group them (flags at most EPISODE_GAP_STEPS points apart are one incident), so an outage whose flags blink is
 * one alert from its first flag to the point the series is back, not a run of alerts.
 */
export const EPISODE_LIFECYCLE_OPTIONS: LifecycleOptions = {
  ...DEFAULT_LIFECYCLE_OPTIONS,
  resolveAfterPoints: EPISODE_GAP_STEPS,
};
