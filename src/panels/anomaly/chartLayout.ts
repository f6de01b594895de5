import { formattedValueToString, getValueFormat, type DecimalCount } from '@grafana/data';
import { measureText, UPLOT_AXIS_FONT_SIZE } from '@grafana/ui';

/** The widest label the time axis draws (`MM/DD HH:mm`); digits are about equally wide. */
const WIDEST_TIME_LABEL = '88/88 88:88';
/** uPlot's tick length plus Grafana's gap between tick and label, and a margin. */
const AXIS_FURNITURE = 4 + 5 + 8;
const TOP_PADDING = 8;
export const SCORE_AXIS_LABEL = 'score';

const shortFormat = getValueFormat('short');

/** How the value axis labels its ticks (Grafana's `short` unit: 1.2 K, 3.4 Mil). */
export function formatAxisValue(value: number, decimals?: DecimalCount): string {
  return formattedValueToString(shortFormat(value, decimals));
}

export interface ChartLayout {
  /** One width for the main chart's and the score lane's left axis, so their plot areas line up. */
  yAxisSize: number;
  /** [top, right, bottom, left]; the right side leaves room for half of the last time label. */
  padding: [number, number, number, number];
}

type Measure = (text: string) => number;

const measureAxisText: Measure = (text) => measureText(text, UPLOT_AXIS_FONT_SIZE).width;

/** The shared geometry of the main chart and the score lane, for values drawn between `low` and `high`. */
export function chartLayout(low: number, high: number, measure: Measure = measureAxisText): ChartLayout {
  const ends = [low, high].filter(Number.isFinite);
  const labels = [SCORE_AXIS_LABEL, ...ends.flatMap((value) => [formatAxisValue(value), formatAxisValue(value, 2)])];
  const widest = Math.max(...labels.map(measure));
  const right = Math.ceil(measure(WIDEST_TIME_LABEL) / 2) + 2;
  return { yAxisSize: Math.ceil(widest) + AXIS_FURNITURE, padding: [TOP_PADDING, right, 0, 0] };
}
