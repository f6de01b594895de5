import type { AlertmanagerAlert, Silence } from '../../clients';
import { SILENCE_CREATED_BY } from '../../constants';

export interface AlertSilences {
  /** Silences created from Vigil: what Unmute expires. */
  vigil: Silence[];
  /** Anyone else's silences: shown with who made them and why, never expired from Vigil. */
  others: Silence[];
  /** Ids Alertmanager says silence the alert but that were not among the silences read (made in between). */
  unknownIds: string[];
}

/** The silences muting an alert, split into Vigil's and everyone else's. */
export function alertSilences(alert: Pick<AlertmanagerAlert, 'status'>, silences: Silence[]): AlertSilences {
  const byId = new Map(silences.map((silence) => [silence.id, silence]));
  const found: AlertSilences = { vigil: [], others: [], unknownIds: [] };
  for (const id of alert.status.silencedBy ?? []) {
    const silence = byId.get(id);
    if (!silence) {
      found.unknownIds.push(id);
    } else if (isVigilSilence(silence)) {
      found.vigil.push(silence);
    } else {
      found.others.push(silence);
    }
  }
  return found;
}

export function isVigilSilence(silence: Pick<Silence, 'createdBy'>): boolean {
  return silence.createdBy === SILENCE_CREATED_BY;
}
