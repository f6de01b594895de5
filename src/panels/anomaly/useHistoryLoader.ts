import { useMemo, useRef } from 'react';
import type { TimeRange } from '@grafana/data';
import { PROMETHEUS_MAX_POINTS } from '../../clients';
import { parseDuration } from '../../engine/duration';
import { prometheusViaGrafana } from '../../utils/api/grafanaClients';
import { historyFrom, historyToRead, holdHistory, type HeldHistory } from './heldHistory';
import type { AnomalyPanelOptions } from './options';
import type { PanelQuery } from './panelSpec';
import type { HistoryLoader } from './useAnomalyScoring';

/**
 * With training range "history", fetches the panel's query (or, for a multivariate panel, each of its queries)
 * over the window before the visible range through Grafana's datasource proxy, so each series is fitted on its
 * own past. At a fine step the window is cut to what one Prometheus request returns (11,000 points), which is more
 * than any model kind fits on. What was read is held while the panel lives: when a refresh moves the window forward,
 * only the steps after what is held are read (one step a minute on a dashboard refreshing every minute at a 1-minute
 * step, instead of the whole window). Each call hands out copies, which the caller may transfer to the workers.
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
  const held = useRef(new Map<string, HeldHistory>());
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
    const startMs = from - readMs;
    const endMs = from - 1;
    return async (other) => {
      const readExpr = other ?? expr;
      const holding = `${uid}\n${readExpr}`;
      const before = held.current.get(holding);
      const span = historyToRead(before, startMs, endMs, stepMs);
      let current = before!;
      if (span) {
        const read = await prometheusViaGrafana(uid).queryRange(readExpr, span.startMs, span.endMs, stepMs);
        current = holdHistory(before, read, span, startMs, stepMs);
        held.current.set(holding, current);
      }
      return historyFrom(current, startMs);
    };
  }, [trainingRange, historyWindow, expr, uid, from, intervalMs]);
}
