import type { Series } from '../../engine/series';
import { fetchSeriesGrid } from './seriesGrid';

const STEP = 60_000;

/** A fake range query over two series; `b` misses every fifth sample; records the requested ranges. */
function fakeRangeQuery() {
  const requests: Array<[number, number]> = [];
  const query = async (_query: string, startMs: number, endMs: number, stepMs: number): Promise<Series[]> => {
    requests.push([startMs, endMs]);
    const times: number[] = [];
    for (let t = startMs; t <= endMs; t += stepMs) {
      times.push(t);
    }
    const b = times.filter((t) => (t / stepMs) % 5 !== 0);
    return [
      {
        labels: { instance: 'a' },
        timestamps: Float64Array.from(times),
        values: Float64Array.from(times, (t) => t / stepMs),
      },
      { labels: { instance: 'b' }, timestamps: Float64Array.from(b), values: Float64Array.from(b, () => 1) },
    ];
  };
  return { query, requests };
}

describe('fetchSeriesGrid', () => {
  it('assembles time chunks sized from the series count into one grid per series, NaN where missing', async () => {
    const { query, requests } = fakeRangeQuery();
    const series = await fetchSeriesGrid(query, 'up', 0, 199 * STEP, STEP, () => true, 100);
    expect(requests[0]).toEqual([0, 29 * STEP]);
    // 2 series -> 50 steps per chunk after the 30-step probe.
    expect(requests.slice(1).sort((x, y) => x[0] - y[0])).toEqual([
      [30 * STEP, 79 * STEP],
      [80 * STEP, 129 * STEP],
      [130 * STEP, 179 * STEP],
      [180 * STEP, 199 * STEP],
    ]);
    const [a, b] = series;
    expect(a.timestamps).toHaveLength(200);
    expect(Array.from(a.values)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(Number.isNaN(b.values[0])).toBe(true);
    expect(b.values[1]).toBe(1);
    expect(Array.from(b.values).filter(Number.isNaN)).toHaveLength(40);
  });

  it('keeps only the series the filter accepts', async () => {
    const { query } = fakeRangeQuery();
    const series = await fetchSeriesGrid(query, 'up', 0, 10 * STEP, STEP, (labels) => labels.instance === 'b');
    expect(series.map((one) => one.labels.instance)).toEqual(['b']);
  });
});
