/**
 * Per-second rate of a counter between two samples. A decrease is a counter reset: the increase since the reset
 * is the new value itself (the counter restarted from zero). NaN when either sample is missing or time does not
 * move forward.
 */
export function counterRate(previousMs: number, previous: number, atMs: number, value: number): number {
  const seconds = (atMs - previousMs) / 1000;
  if (!(seconds > 0) || !Number.isFinite(previous) || !Number.isFinite(value)) {
    return NaN;
  }
  return (value >= previous ? value - previous : value) / seconds;
}
