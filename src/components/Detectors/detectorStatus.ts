import { dateTimeFormat } from '@grafana/data';
import type { BadgeColor, IconName } from '@grafana/ui';
import type { DetectorRun } from '../../utils/api/lastRuns';
import type { StoredDetector } from '../../utils/storedDetectors';

export interface DetectorActivity {
  firing: number;
  suppressed: number;
  lastStartsAt: string | undefined;
}

/** A run metric older than this says the CronJob stopped running the detector. */
export const STALE_AFTER_MS = 24 * 3_600_000;

export interface DetectorStatus {
  kind: 'invalid' | 'disabled' | 'firing' | 'muted' | 'not-deployed' | 'stale' | 'failing' | 'unknown' | 'ok';
  text: string;
  color: BadgeColor;
  icon?: IconName;
  tooltip?: string;
}

/**
 * What the Detectors page says about one detector: its alerts first, then whether anything runs it, and whether its
 * last run worked. `activity` and `lastRun` are undefined when Alertmanager or the run metrics could not be read
 * (what they would tell is not claimed then), null when there are none for the detector.
 */
export function detectorStatus(
  detector: StoredDetector,
  activity: DetectorActivity | null | undefined,
  lastRun: DetectorRun | null | undefined,
  nowMs: number
): DetectorStatus {
  if (!detector.spec) {
    return { kind: 'invalid', text: 'Invalid', color: 'red', icon: 'exclamation-triangle', tooltip: detector.error };
  }
  if (!detector.spec.enabled) {
    return { kind: 'disabled', text: 'Disabled', color: 'darkgrey' };
  }
  const stale = lastRun ? nowMs - lastRun.finishedMs > STALE_AFTER_MS : false;
  if (lastRun && lastRun.succeeded === false && !stale) {
    return failingStatus(lastRun, activity);
  }
  if (activity && activity.firing > 0) {
    const muted = activity.suppressed ? `, ${activity.suppressed} muted` : '';
    return { kind: 'firing', text: `${activity.firing} firing${muted}`, color: 'red', icon: 'fire' };
  }
  if (activity && activity.suppressed > 0) {
    return { kind: 'muted', text: `${activity.suppressed} muted`, color: 'orange', icon: 'bell-slash' };
  }
  if (lastRun === null) {
    return {
      kind: 'not-deployed',
      text: 'Not deployed',
      color: 'darkgrey',
      icon: 'pause',
      tooltip:
        'Prometheus has no vigil_last_run_timestamp_seconds for this detector: no CronJob or vigil serve runs it ' +
        '(export it to the CLI config), or its run metrics are not pushed to a Pushgateway Prometheus scrapes.',
    };
  }
  if (stale) {
    return {
      kind: 'stale',
      text: 'Not running',
      color: 'orange',
      icon: 'clock-nine',
      tooltip: 'The last run finished more than a day ago: the CronJob no longer runs this detector.',
    };
  }
  const unknown = [
    lastRun === undefined &&
      'The run metrics are not available from Prometheus, so whether anything runs this detector is not known.',
    activity === undefined &&
      'The alerts are not available from Alertmanager, so whether this detector has any firing is not known.',
  ].filter(Boolean);
  if (unknown.length > 0) {
    return {
      kind: 'unknown',
      text: 'Unknown',
      color: 'darkgrey',
      icon: 'question-circle',
      tooltip: unknown.join(' '),
    };
  }
  return { kind: 'ok', text: 'OK', color: 'green', icon: 'check' };
}

/** Failing comes before the alerts: a detector whose runs fail keeps its alerts from before, firing or muted. */
function failingStatus(lastRun: DetectorRun, activity: DetectorActivity | null | undefined): DetectorStatus {
  const since =
    lastRun.succeededMs === null
      ? 'No run of it has succeeded.'
      : `Its last successful run finished ${dateTimeFormat(lastRun.succeededMs)}.`;
  const kept =
    activity && activity.firing + activity.suppressed > 0
      ? ` Its ${activity.firing} firing and ${activity.suppressed} muted alerts are from before; none resolves until it runs again.`
      : '';
  return {
    kind: 'failing',
    text: 'Failing',
    color: 'red',
    icon: 'exclamation-triangle',
    tooltip: `Its last run could not query Prometheus or score the detector, so no anomaly of it can alert. ${since}${kept} The logs of the CronJob or of vigil serve say why.`,
  };
}
