import { ALERT_NAME, type LabelMatcher, MatcherError, matchesAll, seriesAlertLabels } from '../../alerting';
import type { Silence } from '../../clients';
import { seriesKey } from '../../engine/series';

/**
 * When the anomaly alerts of each series stop being silenced, by series key: the latest end among the active
 * silences that cover every Vigil alert of the series (their matchers hold for its alert labels whatever the
 * detector and severity), as a silence made from the panel does. A silence of one detector only is not counted:
 * the series' other detectors still alert.
 */
export function silencedUntil(
  silences: Silence[],
  seriesLabels: Array<Record<string, string>>,
  nowMs: number
): Record<string, number> {
  const active = silences
    .filter((silence) => silence.status.state === 'active')
    .map((silence) => ({ matchers: silence.matchers, endsAt: Date.parse(silence.endsAt) }))
    .filter(({ endsAt }) => endsAt > nowMs);
  const until: Record<string, number> = {};
  for (const labels of seriesLabels) {
    const key = seriesKey(labels);
    const alertLabels = { alertname: ALERT_NAME, ...seriesAlertLabels(labels) };
    for (const { matchers, endsAt } of active) {
      if (endsAt > (until[key] ?? -Infinity) && covers(matchers, alertLabels)) {
        until[key] = endsAt;
      }
    }
  }
  return until;
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
