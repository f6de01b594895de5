import { useMemo } from 'react';
import type { TimeRange } from '@grafana/data';
import { PROMETHEUS_MAX_POINTS } from '../../clients';
import { parseDuration } from '../../engine/duration';
import { seriesKey, type Series } from '../../engine/series';
import { prometheusViaGrafana } from '../../utils/api/grafanaClients';
import type { AnomalyPanelOptions } from './options';
import type { PanelQuery } from './panelSpec';
import type { HistoryLoader } from './useAnomalyScoring';

/**
 * With training range "history", fetches the panel's query (or, for a multivariate panel, each of its queries)
 * over the window before the visible range through Grafana's datasource proxy, so each series is fitted on its
 * own past. At a fine step the window
 * is cut to what one Prometheus request returns (11,000 points), which is more than any model kind fits on.
 */
export function useHistoryLoader(
  options: AnomalyPanelOptions,
  query: PanelQuery | undefined,
  timeRange: TimeRange,
  intervalMs: number | undefined
): HistoryLoader | undefined {
  const from = timeRange.from.valueOf();
  const { trainingRange, historyWindow } = options;
  const expr = query?.expr;
  const uid = query?.datasourceUid;
  return useMemo(() => {
    if (trainingRange !== 'history' || !expr || !uid) {
      return undefined;
    }
    const windowMs = parseDuration(historyWindow);
    if (windowMs === undefined) {
      return async () => {
        throw new Error(`History window "${historyWindow}" is not a duration such as 7d`);
      };
    }
    const stepMs = intervalMs ?? 60_000;
    const readMs = Math.min(windowMs, (PROMETHEUS_MAX_POINTS - 1) * stepMs);
    return async (other) => {
      const history = await prometheusViaGrafana(uid).queryRange(other ?? expr, from - readMs, from - 1, stepMs);
      return new Map<string, Series>(history.map((one) => [seriesKey(one.labels), one]));
    };
  }, [trainingRange, historyWindow, expr, uid, from, intervalMs]);
}
