import type { AlignedData } from 'uplot';
import { colorManipulator, type GrafanaTheme2, type TimeRange } from '@grafana/data';
import {
  AxisPlacement,
  GraphDrawStyle,
  ScaleDirection,
  ScaleOrientation,
  VisibilityMode,
  type TimeZone,
} from '@grafana/schema';
import { UPlotConfigBuilder } from '@grafana/ui';
import type { Episode } from '../../engine/evaluation/episodes';
import type { Forecast } from '../../engine/forecast/forecast';
import type { SeriesScore } from '../../worker/detectorService';
import type { AlignedResults } from './alignResults';
import { chartLayout, formatAxisValue, SCORE_AXIS_LABEL, type ChartLayout } from './chartLayout';
import { valueRange } from './valueRange';

export interface PlotModel {
  data: AlignedData;
  config: UPlotConfigBuilder;
  scoreData: AlignedData;
  scoreConfig: UPlotConfigBuilder;
  /** For each uPlot series index, the index of the result it draws (-1 for x). */
  resultOfPlotSeries: number[];
  colors: string[];
}

export interface PlotModelInput {
  results: SeriesScore[];
  aligned: AlignedResults;
  /** The series whose expected band (and forecast) is drawn. */
  focus: number;
  /** Each result's anomaly episodes, shaded from start to end. */
  episodes: Episode[][];
  /** The focused series' forecast, drawn past its last point with its band. */
  forecast?: Forecast | null;
  theme: GrafanaTheme2;
  timeZone: TimeZone;
  timeRange: TimeRange;
  onDrawn: () => void;
}

type Column = Array<number | null>;

/** Narrowest shading of an episode, in CSS pixels: a one-point episode stays visible. */
const MIN_EPISODE_WIDTH = 4;

/**
 * The main chart (series, band, episodes, anomalies, drift markers) and the score lane, on one time axis: both
 * get the same value-axis width and padding, so their plot areas line up pixel for pixel.
 */
export function buildPlotModel(input: PlotModelInput): PlotModel {
  const { results, aligned, focus, theme } = input;
  const syncKey = `vigil-${Math.random().toString(36).slice(2)}`;
  const ahead = forecastAhead(input.forecast, aligned.timestamps);
  const [low, high] = valueRange(results, [results[focus]?.result, ahead]);
  const layout = chartLayout(low, high);
  const xMax = ahead ? ahead.timestamps[ahead.timestamps.length - 1] : undefined;
  const config = baseBuilder(input, syncKey, layout, xMax);
  const colors = results.map((_, i) =>
    theme.visualization.getColorByName(theme.visualization.palette[i % theme.visualization.palette.length])
  );
  const anomalyColor = theme.visualization.getColorByName('red');
  const data: Column[] = [];
  const resultOfPlotSeries: number[] = [-1];

  config.addScale({
    scaleKey: 'y',
    orientation: ScaleOrientation.Vertical,
    direction: ScaleDirection.Up,
    // A fixed range: uPlot then skips its own min/max scan over every column (a tenth of the paint with 100 series).
    auto: false,
    range: () => [low, high],
  });
  config.addAxis({
    scaleKey: 'y',
    placement: AxisPlacement.Left,
    theme,
    size: layout.yAxisSize,
    formatValue: formatAxisValue,
  });
  addEpisodeShading(config, input.episodes, colorManipulator.alpha(anomalyColor, 0.18));

  results.forEach(({ result }, i) => {
    const rows = aligned.rowIndex[i];
    data.push(column(rows, result.values));
    resultOfPlotSeries.push(i);
    config.addSeries({
      scaleKey: 'y',
      drawStyle: GraphDrawStyle.Line,
      lineColor: colors[i],
      lineWidth: 1,
      fillOpacity: 0,
      showPoints: VisibilityMode.Never,
      spanNulls: false,
      theme,
    });
  });

  const focused = results[focus]?.result;
  if (focused) {
    const rows = aligned.rowIndex[focus];
    const bandColor = colors[focus];
    data.push(column(rows, focused.upper), column(rows, focused.lower));
    resultOfPlotSeries.push(focus, focus);
    const bandEdge = {
      scaleKey: 'y',
      drawStyle: GraphDrawStyle.Line,
      lineColor: colorManipulator.alpha(bandColor, 0.35),
      lineWidth: 1,
      lineStyle: { fill: 'dash' as const, dash: [4, 4] },
      fillOpacity: 0,
      showPoints: VisibilityMode.Never,
      spanNulls: false,
      theme,
    };
    config.addSeries(bandEdge);
    config.addSeries(bandEdge);
    const upperIndex = data.length - 1;
    config.addBand({ series: [upperIndex, upperIndex + 1], fill: colorManipulator.alpha(bandColor, 0.15) });
  }

  results.forEach(({ result }, i) => {
    if (!result.anomalies.includes(1)) {
      return;
    }
    data.push(anomalyColumn(aligned.rowIndex[i], result.values, result.anomalies));
    resultOfPlotSeries.push(i);
    config.addSeries({
      scaleKey: 'y',
      drawStyle: GraphDrawStyle.Points,
      pointColor: anomalyColor,
      lineColor: anomalyColor,
      pointSize: 7,
      showPoints: VisibilityMode.Always,
      theme,
    });
  });

  if (ahead) {
    const forecastColor = theme.visualization.getColorByName('purple');
    const forecastLine = {
      scaleKey: 'y',
      drawStyle: GraphDrawStyle.Line,
      lineColor: forecastColor,
      lineWidth: 2,
      lineStyle: { fill: 'dash' as const, dash: [8, 4] },
      fillOpacity: 0,
      showPoints: VisibilityMode.Never,
      spanNulls: false,
      theme,
    };
    const bandEdge = {
      ...forecastLine,
      lineWidth: 1,
      lineColor: colorManipulator.alpha(forecastColor, 0.4),
      lineStyle: { fill: 'solid' as const },
    };
    data.push([], [], []);
    resultOfPlotSeries.push(focus, focus, focus);
    config.addSeries(forecastLine);
    config.addSeries(bandEdge);
    config.addSeries(bandEdge);
    config.addBand({ series: [data.length - 1, data.length], fill: colorManipulator.alpha(forecastColor, 0.18) });
  }

  const driftTimestamps = results.flatMap(({ result }) => result.drift.map((event) => event.timestamp));
  const driftColor = theme.colors.warning.main;
  config.addHook('draw', (u) => {
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = driftColor;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    for (const timestamp of driftTimestamps) {
      const x = u.valToPos(timestamp, 'x', true);
      if (x >= u.bbox.left && x <= u.bbox.left + u.bbox.width) {
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
      }
    }
    ctx.restore();
    input.onDrawn();
  });

  const { scoreConfig, scoreData } = buildScoreLane(input, syncKey, layout, xMax);
  return {
    data: ahead
      ? withForecastRows(aligned.timestamps, data, ahead)
      : ([Array.from(aligned.timestamps), ...data] as AlignedData),
    config,
    scoreData,
    scoreConfig,
    resultOfPlotSeries,
    colors,
  };
}

/** Shades each episode behind the series (drawn before them), at least MIN_EPISODE_WIDTH wide. */
function addEpisodeShading(config: UPlotConfigBuilder, episodes: Episode[][], color: string) {
  const spans = episodes.flat();
  if (spans.length === 0) {
    return;
  }
  config.addHook('drawAxes', (u) => {
    const { ctx, bbox } = u;
    const minWidth = MIN_EPISODE_WIDTH * devicePixelRatio;
    ctx.save();
    ctx.fillStyle = color;
    for (const { startMs, endMs } of spans) {
      const start = u.valToPos(startMs, 'x', true);
      const end = u.valToPos(endMs, 'x', true);
      const width = Math.max(end - start, minWidth);
      const left = Math.max(bbox.left, start - (width - (end - start)) / 2);
      const right = Math.min(bbox.left + bbox.width, left + width);
      if (right > left) {
        ctx.fillRect(left, bbox.top, right - left, bbox.height);
      }
    }
    ctx.restore();
  });
}

function buildScoreLane(
  input: PlotModelInput,
  syncKey: string,
  layout: ChartLayout,
  xMax: number | undefined
): { scoreConfig: UPlotConfigBuilder; scoreData: AlignedData } {
  const { results, aligned, theme } = input;
  const scoreConfig = baseBuilder(input, syncKey, layout, xMax);
  scoreConfig.addScale({
    scaleKey: 'score',
    orientation: ScaleOrientation.Vertical,
    direction: ScaleDirection.Up,
    min: 0,
    max: 1,
    range: () => [0, 1],
  });
  scoreConfig.addAxis({
    scaleKey: 'score',
    placement: AxisPlacement.Left,
    theme,
    splits: () => [0, 1],
    values: (_u, splits) => splits.map((value) => (value === 1 ? SCORE_AXIS_LABEL : '0')),
    size: layout.yAxisSize,
  });
  const maxScore: Column = new Array(aligned.timestamps.length).fill(null);
  results.forEach(({ result }, i) => {
    const rows = aligned.rowIndex[i];
    for (let t = 0; t < rows.length; t++) {
      const row = rows[t];
      if (row >= 0) {
        const score = result.scores[row];
        const current = maxScore[t];
        maxScore[t] = current === null || score > current ? score : current;
      }
    }
  });
  const threshold = results.length > 0 ? results[0].result.threshold : 1;
  const scoreColor = theme.visualization.getColorByName('orange');
  scoreConfig.addSeries({
    scaleKey: 'score',
    drawStyle: GraphDrawStyle.Line,
    lineColor: scoreColor,
    lineWidth: 1,
    fillOpacity: 25,
    showPoints: VisibilityMode.Never,
    theme,
  });
  scoreConfig.addSeries({
    scaleKey: 'score',
    drawStyle: GraphDrawStyle.Line,
    lineColor: theme.visualization.getColorByName('red'),
    lineWidth: 1,
    lineStyle: { fill: 'dash', dash: [2, 4] },
    fillOpacity: 0,
    showPoints: VisibilityMode.Never,
    theme,
  });
  const thresholdLine = new Array(aligned.timestamps.length).fill(threshold);
  return { scoreConfig, scoreData: [Array.from(aligned.timestamps), maxScore, thresholdLine] as AlignedData };
}

/** The time axis runs to the end of the visible range, or on to the forecast's last point. */
function baseBuilder(
  { theme, timeZone, timeRange }: PlotModelInput,
  syncKey: string,
  layout: ChartLayout,
  xMax: number | undefined
): UPlotConfigBuilder {
  const builder = new UPlotConfigBuilder(timeZone);
  builder.setCursor({ sync: { key: syncKey }, focus: { prox: 30 } });
  builder.setPadding(layout.padding);
  builder.addScale({
    scaleKey: 'x',
    isTime: true,
    orientation: ScaleOrientation.Horizontal,
    direction: ScaleDirection.Right,
    range: () => [timeRange.from.valueOf(), Math.max(timeRange.to.valueOf(), xMax ?? -Infinity)],
  });
  builder.addAxis({ scaleKey: 'x', isTime: true, placement: AxisPlacement.Bottom, timeZone, theme });
  return builder;
}

/** The forecast's points after the chart's last time (uPlot needs ascending times), or null when none are. */
function forecastAhead(forecast: Forecast | null | undefined, timestamps: Float64Array): Forecast | null {
  if (!forecast) {
    return null;
  }
  const last = timestamps.length > 0 ? timestamps[timestamps.length - 1] : -Infinity;
  let start = 0;
  while (start < forecast.timestamps.length && forecast.timestamps[start] <= last) {
    start++;
  }
  if (start === forecast.timestamps.length) {
    return null;
  }
  return {
    ...forecast,
    timestamps: forecast.timestamps.subarray(start),
    values: forecast.values.subarray(start),
    lower: forecast.lower.subarray(start),
    upper: forecast.upper.subarray(start),
  };
}

/**
 * Appends the forecast's times to the time axis: every other column is empty there, and the last three
 * columns (forecast, upper, lower) are empty before it.
 */
function withForecastRows(timestamps: Float64Array, data: Column[], forecast: Forecast): AlignedData {
  const past = timestamps.length;
  const ahead = forecast.timestamps.length;
  const empty = (length: number): Column => new Array(length).fill(null);
  const own = [forecast.values, forecast.upper, forecast.lower].map((values) => [
    ...empty(past),
    ...Array.from(values, (value) => (Number.isFinite(value) ? value : null)),
  ]);
  const columns = data.slice(0, data.length - 3).map((values) => [...values, ...empty(ahead)]);
  return [[...Array.from(timestamps), ...Array.from(forecast.timestamps)], ...columns, ...own] as AlignedData;
}

function column(rows: Int32Array, values: Float64Array): Column {
  const out: Column = new Array(rows.length);
  for (let t = 0; t < rows.length; t++) {
    const row = rows[t];
    const value = row >= 0 ? values[row] : NaN;
    out[t] = Number.isFinite(value) ? value : null;
  }
  return out;
}

function anomalyColumn(rows: Int32Array, values: Float64Array, anomalies: Uint8Array): Column {
  const out: Column = new Array(rows.length);
  for (let t = 0; t < rows.length; t++) {
    const row = rows[t];
    out[t] = row >= 0 && anomalies[row] === 1 && Number.isFinite(values[row]) ? values[row] : null;
  }
  return out;
}
