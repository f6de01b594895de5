import { AppEvents, dateTimeFormat } from '@grafana/data';
import { getAppEvents } from '@grafana/runtime';
import { seriesSelector } from '../../engine/series';

/** Grafana's success toast for a silence created from the panel: which series, until when, which silence. */
export function announceMuted(labels: Record<string, string>, silence: { id: string; endsAt: number }): void {
  getAppEvents().publish({
    type: AppEvents.alertSuccess.name,
    payload: [
      `Muted ${seriesSelector(labels)}`,
      `Its anomaly alerts are silenced in Alertmanager until ${dateTimeFormat(silence.endsAt)} (silence ${silence.id}).`,
    ],
  });
}
