import { DAY_MS } from '../../engine/seasonal/period';
import { escapeMarkup } from './escapeMarkup';

/** What to draw: one series with its expected band, detections and labelled windows. */
export interface TimeSeriesPlot {
  title?: string;
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
  /** The detector's expected band, aligned with timestamps (NaN where none). */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** Non-zero where the detector flagged the row. */
  detections?: ArrayLike<number>;
  /** Labelled anomaly windows as [startMs, endMs]. */
  windows?: Array<[number, number]>;
  width?: number;
  height?: number;
}

export const PLOT_COLORS = {
  background: '#ffffff',
  axis: '#6e7681',
  grid: '#e6e8eb',
  series: '#1f60c4',
  band: '#73bf69',
  window: '#fade2a',
  detection: '#e02f44',
  text: '#24292f',
} as const;

const MARGIN = { top: 28, right: 16, bottom: 28, left: 64 };

function finiteRange(arrays: Array<ArrayLike<number> | undefined>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const array of arrays) {
    if (!array) {
      continue;
    }
    for (let i = 0; i < array.length; i++) {
      const v = array[i];
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  if (min === Infinity) {
    return [0, 1];
  }
  if (min === max) {
    return [min - 1, max + 1];
  }
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  const rough = (max - min) / Math.max(count, 1);
  const magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10]
    .map((m) => m * magnitude)
    .reduce((best, s) => (Math.abs(Math.log(s / rough)) < Math.abs(Math.log(best / rough)) ? s : best));
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

function formatValue(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6 || (abs > 0 && abs < 1e-3)) {
    return value.toExponential(1);
  }
  return String(Number(value.toPrecision(6)));
}

function formatTime(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  return spanMs > 3 * DAY_MS ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/**
 * Per pixel column, the first, min, max and last point: a line through them looks like the full series
 * (spikes survive) while the SVG stays small for long series.
 */
function decimate(xs: number[], ys: ArrayLike<number>, columns: number): number[] {
  if (xs.length <= columns * 4) {
    return xs.map((_, i) => i);
  }
  const kept: number[] = [];
  let column = -1;
  let first = -1;
  let low = -1;
  let high = -1;
  let last = -1;
  const flush = () => {
    if (first >= 0) {
      kept.push(...[...new Set([first, low, high, last])].sort((a, b) => a - b));
    }
  };
  for (let i = 0; i < xs.length; i++) {
    const c = Math.floor(xs[i]);
    if (c !== column) {
      flush();
      column = c;
      first = low = high = last = i;
    } else {
      last = i;
      if (ys[i] < ys[low]) {
        low = i;
      }
      if (ys[i] > ys[high]) {
        high = i;
      }
    }
  }
  flush();
  return kept;
}

/** Path segments through the given rows, broken where a value is missing. */
function linePath(rows: number[], xs: number[], ys: ArrayLike<number>, y: (v: number) => number): string {
  let path = '';
  let pen = false;
  for (const i of rows) {
    if (!Number.isFinite(ys[i])) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${xs[i].toFixed(1)} ${y(ys[i]).toFixed(1)}`;
    pen = true;
  }
  return path;
}

/** The band as closed polygons (one per stretch where both edges are known). */
function bandPath(
  rows: number[],
  xs: number[],
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  y: (v: number) => number
): string {
  const parts: string[] = [];
  let stretch: number[] = [];
  const close = () => {
    if (stretch.length > 1) {
      const top = stretch.map((i) => `${xs[i].toFixed(1)} ${y(upper[i]).toFixed(1)}`);
      const bottom = [...stretch].reverse().map((i) => `${xs[i].toFixed(1)} ${y(lower[i]).toFixed(1)}`);
      parts.push(`M${top.join('L')}L${bottom.join('L')}Z`);
    }
    stretch = [];
  };
  for (const i of rows) {
    if (Number.isFinite(lower[i]) && Number.isFinite(upper[i])) {
      stretch.push(i);
    } else {
      close();
    }
  }
  close();
  return parts.join('');
}

/** A self-contained SVG document of the plot (pure string building: usable in Node and the browser). */
export function timeSeriesSvg(plot: TimeSeriesPlot): string {
  const width = plot.width ?? 960;
  const height = plot.height ?? 240;
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = height - MARGIN.top - MARGIN.bottom;
  const n = plot.timestamps.length;
  const t0 = n > 0 ? plot.timestamps[0] : 0;
  const t1 = n > 1 ? plot.timestamps[n - 1] : t0 + 1;
  const span = Math.max(t1 - t0, 1);
  const x = (t: number) => MARGIN.left + ((t - t0) / span) * innerWidth;
  const [vMin, vMax] = finiteRange([plot.values, plot.lower, plot.upper]);
  const y = (v: number) => MARGIN.top + (1 - (Math.min(Math.max(v, vMin), vMax) - vMin) / (vMax - vMin)) * innerHeight;
  const xs = Array.from({ length: n }, (_, i) => x(plot.timestamps[i]));
  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="${PLOT_COLORS.background}"/>`);
  if (plot.title) {
    parts.push(
      `<text x="${MARGIN.left}" y="18" font-size="13" font-weight="600" fill="${PLOT_COLORS.text}">${escapeMarkup(plot.title)}</text>`
    );
  }
  for (const [from, to] of plot.windows ?? []) {
    const left = Math.max(MARGIN.left, x(from));
    const right = Math.min(MARGIN.left + innerWidth, x(to));
    if (right >= left) {
      parts.push(
        `<rect class="labelled-window" x="${left.toFixed(1)}" y="${MARGIN.top}" width="${Math.max(right - left, 1).toFixed(1)}" height="${innerHeight}" fill="${PLOT_COLORS.window}" fill-opacity="0.35"/>`
      );
    }
  }
  for (const tick of niceTicks(vMin, vMax, 4)) {
    const ty = y(tick).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + innerWidth}" y1="${ty}" y2="${ty}" stroke="${PLOT_COLORS.grid}"/>`
    );
    parts.push(
      `<text x="${MARGIN.left - 6}" y="${ty}" font-size="10" text-anchor="end" dominant-baseline="middle" fill="${PLOT_COLORS.axis}">${escapeMarkup(formatValue(tick))}</text>`
    );
  }
  for (let k = 0; k <= 4; k++) {
    const t = t0 + (span * k) / 4;
    const anchor = k === 0 ? 'start' : k === 4 ? 'end' : 'middle';
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${height - 8}" font-size="10" text-anchor="${anchor}" fill="${PLOT_COLORS.axis}">${escapeMarkup(formatTime(t, span))}</text>`
    );
  }
  const rows = decimate(xs, plot.values, innerWidth);
  if (plot.lower && plot.upper) {
    const bandRows = decimate(xs, plot.upper, innerWidth);
    const band = bandPath(bandRows, xs, plot.lower, plot.upper, y);
    if (band) {
      parts.push(
        `<path class="expected-band" d="${band}" fill="${PLOT_COLORS.band}" fill-opacity="0.25" stroke="none"/>`
      );
    }
  }
  parts.push(
    `<path class="series" d="${linePath(rows, xs, plot.values, y)}" fill="none" stroke="${PLOT_COLORS.series}" stroke-width="1"/>`
  );
  if (plot.detections) {
    for (let i = 0; i < n; i++) {
      if (plot.detections[i] !== 0 && Number.isFinite(plot.values[i])) {
        parts.push(
          `<circle class="detection" cx="${xs[i].toFixed(1)}" cy="${y(plot.values[i]).toFixed(1)}" r="3.5" fill="${PLOT_COLORS.detection}"/>`
        );
      }
    }
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${innerWidth}" height="${innerHeight}" fill="none" stroke="${PLOT_COLORS.axis}" stroke-width="0.5"/>`
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Inter, Helvetica, Arial, sans-serif">${parts.join('')}</svg>`;
}
