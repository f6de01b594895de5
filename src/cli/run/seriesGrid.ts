import { seriesKey, type Series } from '../../engine/series';

export type RangeQuery = (query: string, startMs: number, endMs: number, stepMs: number) => Promise<Series[]>;

/** Samples per request the CLI aims at: keeps one answer's JSON around 50 MB however many series match. */
export const TARGET_SAMPLES_PER_REQUEST = 1_500_000;
const PROBE_STEPS = 30;

/**
 * Fetches `query` on the grid start, start+step, ..., end into one Series per label set, NaN where a
 * sample is missing. The range is split into time chunks sized from the number of series the first chunk
 * returned, so memory stays bounded by one chunk's answer plus two Float64Arrays per series.
 */
export async function fetchSeriesGrid(
  rangeQuery: RangeQuery,
  query: string,
  startMs: number,
  endMs: number,
  stepMs: number,
  keep: (labels: Record<string, string>) => boolean = () => true,
  targetSamples = TARGET_SAMPLES_PER_REQUEST
): Promise<Series[]> {
  const points = Math.floor((endMs - startMs) / stepMs) + 1;
  const timestamps = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    timestamps[i] = startMs + i * stepMs;
  }
  const bySeries = new Map<string, Series>();
  let chunkSteps = Math.min(points, PROBE_STEPS);
  for (let from = 0; from < points;) {
    const to = Math.min(points - 1, from + chunkSteps - 1);
    const answer = await rangeQuery(query, timestamps[from], timestamps[to], stepMs);
    for (const part of answer) {
      if (!keep(part.labels)) {
        continue;
      }
      const key = seriesKey(part.labels);
      let series = bySeries.get(key);
      if (!series) {
        series = { labels: part.labels, timestamps, values: new Float64Array(points).fill(Number.NaN) };
        bySeries.set(key, series);
      }
      for (let i = 0; i < part.timestamps.length; i++) {
        const index = Math.round((part.timestamps[i] - startMs) / stepMs);
        if (index >= from && index <= to) {
          series.values[index] = part.values[i];
        }
      }
    }
    from = to + 1;
    chunkSteps = Math.max(1, Math.floor(targetSamples / Math.max(1, answer.length)));
  }
  return [...bySeries.values()];
}
