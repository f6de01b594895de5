import { dateTimeFormat } from '@grafana/data';
import { DETECTOR_LABEL, formatMatcher } from '../../alerting';
import type { AlertmanagerAlert, Silence } from '../../clients';
import { isVigilSilence, type AlertSilences } from './alertSilences';
import { alertSeriesSelector } from './alertLinks';

/** What an Unmute button asks for. */
export interface UnmuteTarget {
  /** What is unmuted, for messages, e.g. `rps {instance="web-1"}`. */
  what: string;
  /** Silences to expire; the scene expires only Vigil's. */
  silences: Silence[];
  /** Said after the unmute when other silences keep it muted. */
  remaining?: string;
}

export interface UnmuteMessage {
  severity: 'error' | 'info';
  text: string;
}

/** Unmuting an alert: Vigil's silences expire; anyone else's remain, and the message says so. */
export function alertUnmuteTarget(alert: Pick<AlertmanagerAlert, 'labels'>, found: AlertSilences): UnmuteTarget {
  const detector = alert.labels[DETECTOR_LABEL];
  return {
    what: `${detector ? `${detector} ` : ''}${alertSeriesSelector(alert.labels)}`,
    silences: found.vigil,
    remaining:
      found.others.length > 0
        ? `is still muted by ${found.others.map(describeSilence).join(' and ')}: only Vigil's silence was expired.`
        : undefined,
  };
}

export function silenceUnmuteTarget(silence: Silence): UnmuteTarget {
  return {
    what: `the silence {${silence.matchers.map((m) => formatMatcher({ ...m })).join(', ')}}`,
    silences: [silence],
  };
}

/** Who muted, until when and why, e.g. `alice's silence until 2026-01-11 19:00:00 ("Planned maintenance")`. */
export function describeSilence(silence: Silence): string {
  const why = silence.comment ? ` ("${silence.comment}")` : '';
  const who = isVigilSilence(silence) ? 'Vigil' : silence.createdBy;
  return `${who}'s silence until ${dateTimeFormat(silence.endsAt)}${why}`;
}
