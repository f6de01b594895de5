/**
 * Per-second rate of a counter between two samples. A decrease is a counter reset: what was counted between the
 * previous sample and the restart is lost, and the new value holds only what was counted since, so the rate over
 * that interval is unknown (NaN, skipped like a missing sample) rather than taken as a drop. Reading the new value
 * as the whole increase (Prometheus `rate()`) makes every restart look like a dip, often to 0, and alert. NaN also
 * when either sample is missing or time does not move forward.
 */
export function counterRate(previousMs: number, previous: number, atMs: number, value: number): number {
  const seconds = (atMs - previousMs) / 1000;
  if (!(seconds > 0) || !Number.isFinite(previous) || !Number.isFinite(value) || value < previous) {
    return NaN;
  }
  return (value - previous) / seconds;
}
