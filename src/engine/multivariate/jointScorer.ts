/**
 * What scores a target's joint vector: standardised rows (one value per metric) in time order. The forest
 * scores each row alone; the window networks score a row as the newest of a window of rows.
 */
export interface JointScorer {
  /** Raw score of the next complete row; a window network also keeps the row for the rows after it. */
  score(row: Float64Array): number;
  /**
   * For the row just scored (raw score `raw`): each metric's share of the score (summing to 1) into `shares`,
   * and the value the model expected for each metric, standardised, into `usual`.
   */
  explain(row: Float64Array, raw: number, shares: Float64Array, usual: Float64Array): void;
}

/** Shares proportional to non-negative parts; equal shares when every part is 0. */
export function sharesOf(parts: Float64Array, out: Float64Array): void {
  let total = 0;
  for (const part of parts) {
    total += part;
  }
  for (let m = 0; m < parts.length; m++) {
    out[m] = total > 0 ? parts[m] / total : 1 / parts.length;
  }
}
