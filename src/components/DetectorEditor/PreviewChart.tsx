import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { dateTime } from '@grafana/data';
import { AnomalyChart } from '../../panels/anomaly/AnomalyChart';
import { seriesEpisodes } from '../../panels/anomaly/seriesEpisodes';
import type { SeriesScore } from '../../worker/detectorService';
import { testIds } from '../testIds';

/** The chart and its score lane, without the legend. */
const CHART_HEIGHT = 360;
/** About five rows of legend entries; more scroll. */
const LEGEND_MAX_HEIGHT = 120;

// The shared chart's legend takes at most a share of the height and clips what does not fit, so the legend
// here scrolls within a height of its own, which is added to the chart's.
const scrollingLegend = css({
  [`[data-testid="${testIds.panel.legend}"]`]: { maxHeight: LEGEND_MAX_HEIGHT, overflowY: 'auto' },
});

export interface PreviewChartProps {
  results: SeriesScore[];
  from: number;
  to: number;
  width: number;
}

/** The previewed series with their expected band, the episodes and points that would have alerted, and scores. */
export function PreviewChart({ results, from, to, width }: PreviewChartProps) {
  const episodes = useMemo(() => seriesEpisodes(results), [results]);
  const timeRange = useMemo(
    () => ({ from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } }),
    [from, to]
  );
  const episodeCount = episodes.reduce((sum, one) => sum + one.length, 0);
  return (
    <div className={scrollingLegend} data-testid={testIds.editor.previewChart} data-episode-count={episodeCount}>
      <AnomalyChart
        results={results}
        episodes={episodes}
        width={width}
        height={CHART_HEIGHT + LEGEND_MAX_HEIGHT}
        timeRange={timeRange}
        timeZone="browser"
        showScoreLane
        onDrawn={noop}
      />
    </div>
  );
}

function noop() {}
