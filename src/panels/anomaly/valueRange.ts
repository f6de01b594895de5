import type { SeriesScore } from '../../worker/detectorService';

/**
 * The y range: the values' range, widened to the drawn bands (the focused series' band, the forecast's) but by at
 * most a margin, so that a band far wider than the data does not flatten the series.
 */
export function valueRange(
  results: SeriesScore[],
  bands: Array<{ lower: Float64Array; upper: Float64Array } | null | undefined>
): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const { result } of results) {
    const values = result.values;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value < min) {
        min = value;
      }
      if (value > max) {
        max = value;
      }
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    return [0, 1];
  }
  const margin = Math.max((max - min) * 0.25, Math.abs(max) * 0.05, 1e-9);
  let low = min;
  let high = max;
  for (const band of bands) {
    if (band) {
      low = Math.min(low, finiteMin(band.lower));
      high = Math.max(high, finiteMax(band.upper));
    }
  }
  if (max === min && low === min && high === max) {
    // One value everywhere and no band around it: a range of zero height, on which uPlot's axis cannot place ticks
    // (it throws building them); a twentieth of the value either side, or 1 around 0.
    const pad = Math.abs(max) * 0.05 || 1;
    return [min - pad, max + pad];
  }
  return [Math.max(low, min - margin), Math.min(high, max + margin)];
}

function finiteMin(values: Float64Array): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min && Number.isFinite(values[i])) {
      min = values[i];
    }
  }
  return min;
}

function finiteMax(values: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > max && Number.isFinite(values[i])) {
      max = values[i];
    }
  }
  return max;
}
