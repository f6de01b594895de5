/** Scale factor that makes the median absolute deviation estimate a normal standard deviation. */
export const MAD_TO_SIGMA = 1.4826;

/** Median of the finite values in `values` (NaN when there are none). Sorts a copy. */
export function median(values: ArrayLike<number>): number {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      finite.push(values[i]);
    }
  }
  return medianOfSorted(Float64Array.from(finite).sort());
}

export function medianOfSorted(sorted: Float64Array | number[], length = sorted.length): number {
  if (length === 0) {
    return NaN;
  }
  const middle = length >> 1;
  return length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median absolute deviation from `center`, computed on a sorted array by merging both sides outwards. */
export function madOfSorted(sorted: Float64Array | number[], center: number, length = sorted.length): number {
  if (length === 0) {
    return NaN;
  }
  // Deviations grow outwards from the center: walk both sides, taking the smaller each time.
  let right = 0;
  while (right < length && sorted[right] < center) {
    right++;
  }
  let leftIndex = right - 1;
  const target = length >> 1;
  let previous = 0;
  let current = 0;
  for (let taken = 0; taken <= target; taken++) {
    const leftDeviation = leftIndex >= 0 ? center - sorted[leftIndex] : Infinity;
    const rightDeviation = right < length ? sorted[right] - center : Infinity;
    previous = current;
    if (leftDeviation <= rightDeviation) {
      current = leftDeviation;
      leftIndex--;
    } else {
      current = rightDeviation;
      right++;
    }
  }
  return length % 2 === 1 ? current : (previous + current) / 2;
}

/** Value at quantile q in [0,1] of a sorted array (linear interpolation). */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
