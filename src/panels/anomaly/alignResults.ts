import type { SeriesScore } from '../../worker/detectorService';

export interface AlignedResults {
  /** The union of all series' timestamps, ascending. */
  timestamps: Float64Array;
  /** For each series, the index into its own arrays of each aligned timestamp, or -1 where it has none. */
  rowIndex: Int32Array[];
}

/** Puts every series on one time axis, as the chart needs. Series from one query usually share it already. */
export function alignResults(results: SeriesScore[]): AlignedResults {
  if (results.length === 0) {
    return { timestamps: new Float64Array(0), rowIndex: [] };
  }
  const first = results[0].result.timestamps;
  if (results.every(({ result }) => sameArray(result.timestamps, first))) {
    const identity = Int32Array.from(first, (_, i) => i);
    return { timestamps: first, rowIndex: results.map(() => identity) };
  }
  const union = new Set<number>();
  for (const { result } of results) {
    result.timestamps.forEach((timestamp) => union.add(timestamp));
  }
  const timestamps = Float64Array.from(union).sort();
  const position = new Map<number, number>();
  timestamps.forEach((timestamp, i) => position.set(timestamp, i));
  const rowIndex = results.map(({ result }) => {
    const rows = new Int32Array(timestamps.length).fill(-1);
    result.timestamps.forEach((timestamp, row) => {
      rows[position.get(timestamp)!] = row;
    });
    return rows;
  });
  return { timestamps, rowIndex };
}

function sameArray(a: Float64Array, b: Float64Array): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}
