/** First index in `sorted[0, end)` (ascending) whose value is >= `x`; `end` when none. */
export function lowerBound(sorted: ArrayLike<number>, x: number, end = sorted.length): number {
  let low = 0;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < x) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** First index in `sorted[0, end)` (ascending) whose value is > `x`, i.e. how many are <= `x`; `end` when none. */
export function upperBound(sorted: ArrayLike<number>, x: number, end = sorted.length): number {
  let low = 0;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= x) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
