/**
 * Prometheus refuses a range query whose (end - start) / step exceeds 11,000 ("exceeded maximum
 * resolution of 11,000 points per timeseries"). A long range is split into chunks on the same grid
 * (start + k * step), each of at most `maxPoints` points, disjoint so no sample is fetched twice.
 */
export const PROMETHEUS_MAX_POINTS = 11_000;

export interface RangeChunk {
  startMs: number;
  endMs: number;
  /** Grid points in the chunk: (endMs - startMs) / step + 1. */
  points: number;
}

/** Points on the grid start, start + step, ... up to end (inclusive). */
export function gridPointCount(startMs: number, endMs: number, stepMs: number): number {
  return Math.floor((endMs - startMs) / stepMs) + 1;
}

export function planRangeChunks(
  startMs: number,
  endMs: number,
  stepMs: number,
  maxPoints = PROMETHEUS_MAX_POINTS
): RangeChunk[] {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) {
    throw new RangeError(`range query: start and end must be finite times in ms (got ${startMs} and ${endMs})`);
  }
  if (!Number.isFinite(stepMs) || stepMs <= 0) {
    throw new RangeError(`range query: step must be a positive number of ms (got ${stepMs})`);
  }
  if (endMs < startMs) {
    throw new RangeError(
      `range query: end (${new Date(endMs).toISOString()}) is before start (${new Date(startMs).toISOString()})`
    );
  }
  if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > PROMETHEUS_MAX_POINTS) {
    throw new RangeError(
      `range query: maxPoints must be an integer from 1 to ${PROMETHEUS_MAX_POINTS} (got ${maxPoints})`
    );
  }
  const total = gridPointCount(startMs, endMs, stepMs);
  const chunks: RangeChunk[] = [];
  for (let first = 0; first < total; first += maxPoints) {
    const points = Math.min(maxPoints, total - first);
    const chunkStart = startMs + first * stepMs;
    chunks.push({ startMs: chunkStart, endMs: chunkStart + (points - 1) * stepMs, points });
  }
  return chunks;
}
