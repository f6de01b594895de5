import React, { useCallback, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { Icon, LinkButton, Tooltip, useStyles2 } from '@grafana/ui';
import { useDetectorClient } from '../../components/DetectorClient/DetectorClientContext';
import { MuteDialog } from '../../components/MuteDialog/MuteDialog';
import { testIds } from '../../components/testIds';
import { counterHint } from '../../engine/preprocess/counterHint';
import { fromDataFrames } from '../../engine/preprocess/dataFrame';
import { seriesKey } from '../../engine/series';
import { markTiming } from '../../utils/markTiming';
import { newDetectorUrl } from '../../utils/utils.routing';
import { AnomalyChart, countAnomalies } from './AnomalyChart';
import { announceMuted } from './announceMuted';
import { MutedSeriesContext } from './mutedSeries';
import { displayNamesFromFrames } from './displayNames';
import type { AnomalyPanelOptions } from './options';
import { panelDetectorSpec, panelQuery } from './panelSpec';
import { useAnomalyScoring } from './useAnomalyScoring';
import { MuteSeriesButton } from './MuteSeriesButton';
import { useHistoryLoader } from './useHistoryLoader';
import { useSilencedSeries } from './useSilencedSeries';
import type { SeriesMute } from './silencedSeries';
import { trainingMessage } from '../../utils/trainingMessage';
import { contributionLines } from './contributions';
import { panelMetrics } from './panelMetrics';
import { seriesEpisodes } from './seriesEpisodes';
import type { Episode } from '../../engine/evaluation/episodes';
import type { SeriesForecast } from '../../worker/detectorService';

const HEADER_HEIGHT = 28;
/** Multivariate panels: one line per anomalous target naming the metrics that carried its scores. */
const CONTRIBUTION_LINE_HEIGHT = 18;
const MAX_CONTRIBUTION_LINES = 3;

/** Marks for the browser benchmark: data handed to the panel, and scores painted. */
export const PAINTED_MARK = 'vigil-anomaly-painted';
export const DATA_MARK = 'vigil-anomaly-data';

export function AnomalyPanel({
  id,
  data,
  width,
  height,
  options,
  timeRange,
  timeZone,
  fieldConfig,
}: PanelProps<AnomalyPanelOptions>) {
  const styles = useStyles2(getStyles);
  const client = useDetectorClient();
  const [muteLabels, setMuteLabels] = useState<Record<string, string> | undefined>();
  // Silences made here, until the next read of Alertmanager's (`read`), which knows of them and of their expiry.
  const [mutedHere, setMutedHere] = useState<{ read: Record<string, SeriesMute>; until: Record<string, number> }>();
  const converted = useMemo(() => {
    markTiming(DATA_MARK);
    try {
      return { series: fromDataFrames(data.series) };
    } catch (error) {
      return { series: [], error: error instanceof Error ? error.message : String(error) };
    }
  }, [data.series]);
  const series = converted.series;
  const displayName = useMemo(() => displayNamesFromFrames(data.series), [data.series]);
  const query = panelQuery(data.request);
  const tooMany = series.length > options.maxSeries;
  const metrics = useMemo(
    () => (options.joinOn?.trim() ? panelMetrics(data.request, data.series) : undefined),
    [options.joinOn, data.request, data.series]
  );
  const spec = useMemo(() => {
    try {
      return { spec: panelDetectorSpec(options, query, data.request?.intervalMs, metrics) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [options, query?.expr, query?.datasourceUid, data.request?.intervalMs, metrics]); // eslint-disable-line react-hooks/exhaustive-deps
  // Not for a joined panel: its queries are several, each a metric of its own.
  const hint = useMemo(
    () => (metrics ? null : counterHint(series, options.counter, query?.expr ?? '')),
    [series, options.counter, query?.expr, metrics]
  );
  const loadHistory = useHistoryLoader(options, query, timeRange, data.request?.intervalMs);
  const scoring = useAnomalyScoring(tooMany ? undefined : series, spec.spec, client, loadHistory, metrics);
  const onDrawn = useCallback(() => markTiming(PAINTED_MARK), []);
  const scoredResults = scoring.status === 'scored' ? scoring.results : undefined;
  const episodes = useMemo(() => (scoredResults ? seriesEpisodes(scoredResults) : []), [scoredResults]);
  const silenced = useSilencedSeries(useMemo(() => scoredResults?.map((one) => one.labels), [scoredResults]));
  const mutedSinceRead = mutedHere?.read === silenced ? mutedHere.until : undefined;
  const mutes = useMemo(() => {
    const merged = { ...silenced };
    for (const [key, until] of Object.entries(mutedSinceRead ?? {})) {
      merged[key] = { ...merged[key], detectors: merged[key]?.detectors ?? {}, until };
    }
    return merged;
  }, [silenced, mutedSinceRead]);
  const onMuted = (labels: Record<string, string>, silence: { id: string; endsAt: number }) => {
    setMutedHere({ read: silenced, until: { ...mutedSinceRead, [seriesKey(labels)]: silence.endsAt } });
    announceMuted(labels, silence);
  };

  const root = (state: string, children: React.ReactNode, extra: Record<string, string | number> = {}) => (
    <div
      className={styles.root}
      style={{ width, height }}
      data-testid={testIds.panel.root}
      data-state={state}
      {...dataAttributes(extra)}
    >
      <MutedSeriesContext.Provider value={mutes}>{children}</MutedSeriesContext.Provider>
    </div>
  );
  const failed = (message: string) =>
    root('error', <PanelDataErrorView panelId={id} data={data} fieldConfig={fieldConfig} message={message} />);

  if (converted.error) {
    return failed(`Cannot read the query result: ${converted.error}`);
  }
  if (series.length === 0) {
    const state =
      data.state === LoadingState.Loading ? 'loading' : data.state === LoadingState.Error ? 'error' : 'empty';
    return root(
      state,
      <PanelDataErrorView panelId={id} data={data} fieldConfig={fieldConfig} needsNumberField needsTimeField />
    );
  }
  if (tooMany) {
    return failed(
      `Too many series to score: ${series.length} (this panel allows ${options.maxSeries}). Narrow the query, aggregate it, or raise "Maximum series" in the panel options.`
    );
  }
  if (spec.error) {
    return failed(`Invalid panel options: ${spec.error}`);
  }
  if (scoring.status === 'error') {
    return failed(`Scoring failed: ${scoring.message}`);
  }
  if (scoring.status !== 'scored') {
    return root(
      'scoring',
      <div
        className={styles.message}
        data-testid={testIds.panel.message}
        data-training-epoch={scoring.status === 'scoring' ? scoring.training?.epoch : undefined}
        data-training-backend={scoring.status === 'scoring' ? scoring.training?.backend : undefined}
      >
        {scoring.status === 'scoring' && scoring.training
          ? trainingMessage(options.model, scoring.training)
          : `Scoring ${series.length} series…`}
      </div>
    );
  }

  const anomalyCount = scoring.results.reduce((sum, one) => sum + countAnomalies(one.result.anomalies), 0);
  const episodeCount = episodes.reduce((sum, one) => sum + one.length, 0);
  const singleSeries = scoring.results.length === 1 ? scoring.results[0].labels : undefined;
  const header = (
    <div className={styles.header}>
      <span className={styles.summary}>
        {scoring.results.length} series · {episodeCount} anomaly episode{episodeCount === 1 ? '' : 's'} ({anomalyCount}{' '}
        anomalous point{anomalyCount === 1 ? '' : 's'})
      </span>
      {hint && (
        <Tooltip content={hint} placement="bottom">
          <span className={styles.hint} tabIndex={0} data-testid={testIds.panel.counterHint}>
            <Icon name="info-circle" size="sm" /> Check the Counter option
          </span>
        </Tooltip>
      )}
      {singleSeries && <MuteSeriesButton labels={singleSeries} onMute={setMuteLabels} fill="text" />}
      <LinkButton
        size="sm"
        variant="secondary"
        fill="text"
        icon="plus"
        href={newDetectorUrl({
          query: query?.expr,
          datasource: query?.datasourceUid,
          model: options.model,
          sensitivity: options.sensitivity,
          seasonality: options.seasonality,
          counter: options.counter || undefined,
        })}
        data-testid={testIds.panel.createDetector}
      >
        Create detector
      </LinkButton>
    </div>
  );

  const contributions = contributionLines(scoring.results).slice(0, MAX_CONTRIBUTION_LINES);
  const contributionsHeight = contributions.length * CONTRIBUTION_LINE_HEIGHT;
  return root(
    'scored',
    <>
      {header}
      {contributions.length > 0 && (
        <div className={styles.contributions} data-testid={testIds.panel.contributions}>
          {contributions.map((line) => (
            <div key={line.target} className={styles.contributionLine}>
              {line.target}:{' '}
              {line.shares.map(({ metric, share }) => `${metric} ${Math.round(share * 100)}%`).join(' · ')}
            </div>
          ))}
        </div>
      )}
      <AnomalyChart
        results={scoring.results}
        episodes={episodes}
        displayName={displayName}
        forecasts={scoring.forecasts}
        width={width}
        height={height - HEADER_HEIGHT - contributionsHeight}
        timeRange={timeRange}
        timeZone={timeZone}
        showScoreLane={options.showScoreLane}
        onMute={setMuteLabels}
        onDrawn={onDrawn}
      />
      {muteLabels && (
        <MuteDialog
          seriesLabels={muteLabels}
          detector={undefined}
          onDismiss={() => setMuteLabels(undefined)}
          onMuted={(silence) => onMuted(muteLabels, silence)}
        />
      )}
    </>,
    {
      'series-count': scoring.results.length,
      'fitted-on-history': scoring.results.filter((one) => one.fittedOnHistory).length,
      // The workers' own compute time for this answer (the rest of the wait is messaging and rendering).
      'compute-ms': Math.round(scoring.computeMs),
      'anomaly-count': anomalyCount,
      'anomaly-timestamps': anomalyTimestamps(scoring.results).join(','),
      'episode-count': episodeCount,
      episodes: episodeSpans(episodes),
      'band-lower-min': lowestBandEdge(scoring.results),
      'band-widths': bandWidths(scoring.results),
      ...forecastAttributes(scoring.forecasts),
    }
  );
}

/** Where the anomalies are (first 500), for tests and tools that read the DOM. */
function anomalyTimestamps(results: Array<{ result: { timestamps: Float64Array; anomalies: Uint8Array } }>): number[] {
  const found: number[] = [];
  for (const { result } of results) {
    result.anomalies.forEach((flag, i) => flag === 1 && found.length < 500 && found.push(result.timestamps[i]));
  }
  return found.sort((a, b) => a - b);
}

/** The lowest lower band edge drawn for any series (NaN-free; empty when no series has a band). */
function lowestBandEdge(results: Array<{ result: { lower: Float64Array } }>): string {
  let lowest = Infinity;
  for (const { result } of results) {
    for (const edge of result.lower) {
      if (edge < lowest) {
        lowest = edge;
      }
    }
  }
  return Number.isFinite(lowest) ? String(lowest) : '';
}

/** The episodes as `start-end` in ms, comma-separated, in time order (first 200). */
function episodeSpans(episodes: Episode[][]): string {
  return episodes
    .flat()
    .sort((a, b) => a.startMs - b.startMs)
    .slice(0, 200)
    .map(({ startMs, endMs }) => `${startMs}-${endMs}`)
    .join(',');
}

/** Band width (upper - lower, rounded; null where there is no band) per series as JSON, first 5,000 points in all. */
function bandWidths(
  results: Array<{ key: string; result: { timestamps: Float64Array; lower: Float64Array; upper: Float64Array } }>
): string {
  let budget = 5000;
  const widths = results.map(({ key, result }) => {
    const take = Math.min(budget, result.timestamps.length);
    budget -= take;
    const width = Array.from({ length: take }, (_, i) => {
      const span = result.upper[i] - result.lower[i];
      return Number.isFinite(span) ? Math.round(span) : null;
    });
    return { key, start: result.timestamps[0], end: result.timestamps[take - 1], width };
  });
  return JSON.stringify(widths.filter(({ width }) => width.length > 0));
}

/** The forecasts' method and point count, for tests and tools that read the DOM. */
function forecastAttributes(forecasts: SeriesForecast[] | undefined): Record<string, string | number> {
  const drawn = forecasts?.filter((one) => one.forecast !== null) ?? [];
  if (drawn.length === 0) {
    return {};
  }
  return {
    'forecast-method': drawn[0].forecast!.method,
    'forecast-points': drawn.reduce((sum, one) => sum + one.forecast!.timestamps.length, 0),
  };
}

function dataAttributes(extra: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(extra).map(([name, value]) => [`data-${name}`, String(value)]));
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ position: 'relative', overflow: 'hidden' }),
  header: css({
    height: HEADER_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    justifyContent: 'flex-end',
  }),
  summary: css({
    marginRight: 'auto',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  hint: css({
    color: theme.colors.warning.text,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
  }),
  contributions: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    overflow: 'hidden',
  }),
  contributionLine: css({
    height: CONTRIBUTION_LINE_HEIGHT,
    lineHeight: `${CONTRIBUTION_LINE_HEIGHT}px`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  message: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    color: theme.colors.text.secondary,
  }),
});
