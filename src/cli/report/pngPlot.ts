import { Resvg } from '@resvg/resvg-js';
import { type TimeSeriesPlot, timeSeriesSvg } from './timeSeriesSvg';

/** Renders a plot as PNG (system fonts; DejaVu Sans where the SVG's families are missing). */
export function plotPng(plot: TimeSeriesPlot): Buffer {
  const svg = timeSeriesSvg(plot);
  const renderer = new Resvg(svg, {
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}
