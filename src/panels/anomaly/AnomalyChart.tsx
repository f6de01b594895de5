import React, { useMemo, useState } from 'react';
import type { TimeRange } from '@grafana/data';
import { LegendDisplayMode, type TimeZone } from '@grafana/schema';
import { TooltipPlugin2, UPlotChart, VizLayout, VizLegend, useTheme2, type VizLegendItem } from '@grafana/ui';
import type { Episode } from '../../engine/evaluation/episodes';
import { seriesSelector } from '../../engine/series';
import type { SeriesForecast, SeriesScore } from '../../worker/detectorService';
import { testIds } from '../../components/testIds';
import { alignResults } from './alignResults';
import { AnomalyTooltip } from './AnomalyTooltip';
import type { DisplayName } from './displayNames';
import { buildPlotModel } from './plotModel';

/** TooltipHoverMode.xOne: the enum is `const` in @grafana/ui and does not exist at runtime. */
const HOVER_CLOSEST_SERIES = 0;
const SCORE_LANE_HEIGHT = 64;

export interface AnomalyChartProps {
  results: SeriesScore[];
  /** Each result's anomaly episodes (`seriesEpisodes`). */
  episodes: Episode[][];
  /** The series' names (the query's legendFormat); by default their labels. */
  displayName?: DisplayName;
  /** Forecasts by series key; the focused series' one is drawn. */
  forecasts?: SeriesForecast[];
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: TimeZone;
  showScoreLane: boolean;
  onMute?: (labels: Record<string, string>) => void;
  onDrawn: () => void;
}

/**
 * The series, the focused series' expected band, anomaly episodes and points, drift markers, the score lane and
 * the legend.
 */
export function AnomalyChart({
  results,
  episodes,
  displayName = seriesSelector,
  forecasts,
  width,
  height,
  timeRange,
  timeZone,
  showScoreLane,
  onMute,
  onDrawn,
}: AnomalyChartProps) {
  const theme = useTheme2();
  const [focus, setFocus] = useState(() => mostAnomalous(results));
  const aligned = useMemo(() => alignResults(results), [results]);
  const focused = Math.min(focus, results.length - 1);
  const forecast = forecasts?.find((one) => one.key === results[focused]?.key)?.forecast;
  const model = useMemo(
    () =>
      buildPlotModel({
        results,
        aligned,
        focus: focused,
        episodes,
        forecast,
        theme,
        timeZone,
        timeRange,
        onDrawn,
      }),
    [results, aligned, focused, episodes, forecast, theme, timeZone, timeRange, onDrawn]
  );

  const legendItems: Array<VizLegendItem<number>> = results.map((one, i) => {
    const count = episodes[i]?.length ?? 0;
    return {
      label: `${displayName(one.labels)}${count > 0 ? ` (${count} episode${count === 1 ? '' : 's'})` : ''}`,
      color: model.colors[i],
      yAxis: 1,
      disabled: false,
      data: i,
      getItemKey: () => one.key,
    };
  });

  const legend = (
    <VizLayout.Legend placement="bottom" maxHeight="30%">
      <div data-testid={testIds.panel.legend}>
        <VizLegend<number>
          placement="bottom"
          displayMode={LegendDisplayMode.List}
          items={legendItems}
          onLabelClick={(item) => item.data !== undefined && setFocus(item.data)}
        />
      </div>
    </VizLayout.Legend>
  );

  return (
    <VizLayout width={width} height={height} legend={legend}>
      {(vizWidth, vizHeight) => {
        const laneHeight = showScoreLane ? Math.min(SCORE_LANE_HEIGHT, Math.floor(vizHeight / 3)) : 0;
        return (
          <div>
            <div data-testid={testIds.panel.chart}>
              <UPlotChart config={model.config} data={model.data} width={vizWidth} height={vizHeight - laneHeight}>
                <TooltipPlugin2
                  config={model.config}
                  hoverMode={HOVER_CLOSEST_SERIES}
                  render={(u, dataIdxs, seriesIdx, isPinned) => {
                    const plotSeries = seriesIdx ?? 1;
                    const alignedIndex = dataIdxs[plotSeries] ?? dataIdxs[0];
                    if (alignedIndex === null || alignedIndex === undefined) {
                      return null;
                    }
                    const shown = tooltipSeries(
                      results,
                      aligned.rowIndex,
                      alignedIndex,
                      model.resultOfPlotSeries[plotSeries] ?? -1
                    );
                    if (shown.length === 0) {
                      return null;
                    }
                    return shown.map(({ index, row }) => (
                      <AnomalyTooltip
                        key={results[index].key}
                        result={results[index]}
                        name={displayName(results[index].labels)}
                        row={row}
                        color={model.colors[index]}
                        timeZone={timeZone}
                        isPinned={isPinned}
                        onMute={onMute}
                      />
                    ));
                  }}
                />
              </UPlotChart>
            </div>
            {showScoreLane && laneHeight > 0 && (
              <div data-testid={testIds.panel.scoreLane}>
                <UPlotChart config={model.scoreConfig} data={model.scoreData} width={vizWidth} height={laneHeight} />
              </div>
            )}
          </div>
        );
      }}
    </VizLayout>
  );
}

const MAX_TOOLTIP_ANOMALIES = 3;

/**
 * What the tooltip shows at one time: the series anomalous there (the reason to look), else the hovered series.
 */
function tooltipSeries(
  results: SeriesScore[],
  rowIndex: Int32Array[],
  alignedIndex: number,
  hovered: number
): Array<{ index: number; row: number }> {
  const anomalous: Array<{ index: number; row: number }> = [];
  results.forEach((one, index) => {
    const row = rowIndex[index][alignedIndex];
    if (row >= 0 && one.result.anomalies[row] === 1 && anomalous.length < MAX_TOOLTIP_ANOMALIES) {
      anomalous.push({ index, row });
    }
  });
  if (anomalous.length > 0) {
    return anomalous;
  }
  const row = hovered >= 0 ? rowIndex[hovered][alignedIndex] : -1;
  return row >= 0 ? [{ index: hovered, row }] : [];
}

export function countAnomalies(anomalies: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < anomalies.length; i++) {
    count += anomalies[i];
  }
  return count;
}

function mostAnomalous(results: SeriesScore[]): number {
  let best = 0;
  let bestCount = -1;
  results.forEach((one, i) => {
    const count = countAnomalies(one.result.anomalies);
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  });
  return best;
}
