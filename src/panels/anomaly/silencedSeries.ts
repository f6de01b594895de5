import {
  ALERT_NAME,
  DETECTOR_LABEL,
  type LabelMatcher,
  MatcherError,
  matchesAll,
  seriesAlertLabels,
} from '../../alerting';
import type { Silence } from '../../clients';
import { seriesKey } from '../../engine/series';

/** What silences the anomaly alerts of a series: all of them until `until`, or those of some detectors. */
export interface SeriesMute {
  /** The latest end among the active silences that cover every Vigil alert of the series; absent when none does. */
  until?: number;
  /** Detector -> the latest end among the active silences of that detector alone that cover the series. */
  detectors: Record<string, number>;
}

/**
 * The silences of each series, by series key (series no silence covers are left out). A silence covers all of a
 * series' alerts when its matchers hold for the series' alert labels whatever the detector and severity (as a
 * silence made from the panel); it covers one detector's when they hold once `vigil_detector` is that detector's
 * (as the Alerts page's Mute makes them): the series' other detectors still alert.
 */
export function seriesMutes(
  silences: Silence[],
  seriesLabels: Array<Record<string, string>>,
  nowMs: number
): Record<string, SeriesMute> {
  const active = silences
    .filter((silence) => silence.status.state === 'active')
    .map((silence) => ({
      matchers: silence.matchers,
      endsAt: Date.parse(silence.endsAt),
      detector: silence.matchers.find((one) => one.name === DETECTOR_LABEL && one.isEqual && !one.isRegex)?.value,
    }))
    .filter(({ endsAt }) => endsAt > nowMs);
  const mutes: Record<string, SeriesMute> = {};
  for (const labels of seriesLabels) {
    const key = seriesKey(labels);
    const alertLabels = { alertname: ALERT_NAME, ...seriesAlertLabels(labels) };
    const mute: SeriesMute = { detectors: {} };
    for (const { matchers, endsAt, detector } of active) {
      if (covers(matchers, alertLabels)) {
        mute.until = Math.max(mute.until ?? -Infinity, endsAt);
      } else if (detector !== undefined && covers(matchers, { ...alertLabels, [DETECTOR_LABEL]: detector })) {
        mute.detectors[detector] = Math.max(mute.detectors[detector] ?? -Infinity, endsAt);
      }
    }
    if (mute.until !== undefined || Object.keys(mute.detectors).length > 0) {
      mutes[key] = mute;
    }
  }
  return mutes;
}

/** A silence whose regex JavaScript cannot read (RE2's `(?i)`, say) is passed over, not fatal to the others. */
function covers(matchers: LabelMatcher[], labels: Record<string, string>): boolean {
  try {
    return matchesAll(matchers, labels);
  } catch (error) {
    if (error instanceof MatcherError) {
      return false;
    }
    throw error;
  }
}
