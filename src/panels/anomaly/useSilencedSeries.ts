import { useEffect, useState } from 'react';
import { seriesKey } from '../../engine/series';
import { loadAppSettings } from '../../utils/api/appSettings';
import { alertmanagerViaGrafana } from '../../utils/api/grafanaClients';
import { silencedUntil } from './silencedSeries';

/**
 * The panel's series whose anomaly alerts a silence in the app's Alertmanager covers, and until when, read once for
 * each set of series shown: a series muted before the dashboard was opened says so instead of offering a second
 * mute. Without a readable Alertmanager nothing is marked, and the panel draws as before.
 */
export function useSilencedSeries(seriesLabels: Array<Record<string, string>> | undefined): Record<string, number> {
  const [until, setUntil] = useState<Record<string, number>>({});
  const keys = (seriesLabels ?? []).map(seriesKey).join('\n');
  useEffect(() => {
    if (!seriesLabels || seriesLabels.length === 0) {
      return;
    }
    const controller = new AbortController();
    loadAppSettings()
      .then((settings) => alertmanagerViaGrafana(settings.alertmanagerUid).listSilences({}, controller.signal))
      .then(
        (silences) => !controller.signal.aborted && setUntil(silencedUntil(silences, seriesLabels, Date.now())),
        () => !controller.signal.aborted && setUntil({})
      );
    return () => controller.abort();
  }, [keys]); // eslint-disable-line react-hooks/exhaustive-deps
  return until;
}
