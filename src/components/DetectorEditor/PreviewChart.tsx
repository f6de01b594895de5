import React, { useMemo } from 'react';
import { dateTime } from '@grafana/data';
import { AnomalyChart } from '../../panels/anomaly/AnomalyChart';
import { seriesEpisodes } from '../../panels/anomaly/seriesEpisodes';
import type { SeriesScore } from '../../worker/detectorService';
import { testIds } from '../testIds';

const PREVIEW_HEIGHT = 360;

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
    <div data-testid={testIds.editor.previewChart} data-episode-count={episodeCount}>
      <AnomalyChart
        results={results}
        episodes={episodes}
        width={width}
        height={PREVIEW_HEIGHT}
        timeRange={timeRange}
        timeZone="browser"
        showScoreLane
        onDrawn={noop}
      />
    </div>
  );
}

function noop() {}
