import { seriesKey, type Series } from '../../engine/series';

export type RangeQuery = (query: string, startMs: number, endMs: number, stepMs: number) => Promise<Series[]>;

/** Samples per request the CLI aims at: keeps one answer's JSON near 30 MB however many series match. */
export const TARGET_SAMPLES_PER_REQUEST = 1_000_000;
const PROBE_STEPS = 30;
/** Requests in flight: Prometheus evaluates the next chunk while this process parses the last one. */
const CONCURRENCY = 2;

/**
 * Fetches `query` on the grid start, start+step, ..., end into one Series per label set, NaN where a
 * sample is missing. The range is split into time chunks sized from the number of series a first small
 * chunk returned, so memory stays bounded by two chunks' answers plus one Float64Array per series.
 * `read.samples` grows by every sample Prometheus returned (before `keep`: what the query cost).
 */
export async function fetchSeriesGrid(
  rangeQuery: RangeQuery,
  query: string,
  startMs: number,
  endMs: number,
  stepMs: number,
  keep: (labels: Record<string, string>) => boolean = () => true,
  targetSamples = TARGET_SAMPLES_PER_REQUEST,
  read: { samples: number } = { samples: 0 }
): Promise<Series[]> {
  const points = Math.floor((endMs - startMs) / stepMs) + 1;
  const timestamps = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    timestamps[i] = startMs + i * stepMs;
  }
  const bySeries = new Map<string, Series>();

  const fetchChunk = async (from: number, to: number): Promise<number> => {
    const answer = await rangeQuery(query, timestamps[from], timestamps[to], stepMs);
    for (const part of answer) {
      read.samples += part.timestamps.length;
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
    return answer.length;
  };

  const probeEnd = Math.min(points, PROBE_STEPS) - 1;
  const seriesCount = await fetchChunk(0, probeEnd);
  const chunkSteps = Math.max(1, Math.floor(targetSamples / Math.max(1, seriesCount)));
  const chunks: Array<[number, number]> = [];
  for (let from = probeEnd + 1; from < points; from += chunkSteps) {
    chunks.push([from, Math.min(points - 1, from + chunkSteps - 1)]);
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < chunks.length) {
      const [from, to] = chunks[next++];
      await fetchChunk(from, to);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, lane));
  return [...bySeries.values()];
}
