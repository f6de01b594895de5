import { useEffect, useState } from 'react';
import { seriesKey } from '../../engine/series';
import { loadAppSettings } from '../../utils/api/appSettings';
import { alertmanagerViaGrafana } from '../../utils/api/grafanaClients';
import { type SeriesMute, seriesMutes } from './silencedSeries';

/**
 * The panel's series whose anomaly alerts silences in the app's Alertmanager cover, and until when, read once for
 * each set of series shown: a series muted before the dashboard was opened says so instead of offering a second
 * mute. Without a readable Alertmanager nothing is marked, and the panel draws as before.
 */
export function useSilencedSeries(seriesLabels: Array<Record<string, string>> | undefined): Record<string, SeriesMute> {
  const [mutes, setMutes] = useState<Record<string, SeriesMute>>({});
  const keys = (seriesLabels ?? []).map(seriesKey).join('\n');
  useEffect(() => {
    if (!seriesLabels || seriesLabels.length === 0) {
      return;
    }
    const controller = new AbortController();
    loadAppSettings()
      .then((settings) => alertmanagerViaGrafana(settings.alertmanagerUid).listSilences({}, controller.signal))
      .then(
        (silences) => !controller.signal.aborted && setMutes(seriesMutes(silences, seriesLabels, Date.now())),
        () => !controller.signal.aborted && setMutes({})
      );
    return () => controller.abort();
  }, [keys]); // eslint-disable-line react-hooks/exhaustive-deps
  return mutes;
}
