import { z } from 'zod';
import { scoreFromDigits } from '../default/defaultScorer';
import { decodeExact, encodeExact } from '../util/exactNumbers';
import { assertParamsMatch } from '../util/paramMismatch';
import { RecentValues } from '../util/recentValues';
import { ConformalTail, conformalTailStateSchema } from './conformalTail';
import { Damper } from './damper';
import type { KnnCadParams } from './streamParams';
import type { StreamScorer } from './scorerDetector';
import { formatNumber } from '../util/formatNumber';

export const knnCadStateSchema = z.object({
  params: z.record(z.string(), z.number()),
  /** The last values (at most trainSize + 2 dim - 1), oldest first (encodeExact). */
  values: z.string(),
  tail: conformalTailStateSchema,
  recentScores: z.string(),
});

/**
 * k-nearest-neighbour conformal anomaly detection (after Burnaev and Ishimtsev): each row's pattern is the window of
 * its last `dim` values; its non-conformity is the sum of the Euclidean distances to its `k` nearest patterns among
 * the last `trainSize` that do not overlap it; the score is how rare that non-conformity is among the last
 * `calibrationSize` ones (a conformal p-value, see ConformalTail), in decimal digits mapped like the default's.
 * Ranks make it scale-free: no normalisation of the values is needed.
 */
export class KnnCad implements StreamScorer {
  private readonly recent: RecentValues;
  private readonly tail: ConformalTail;
  private readonly damper: Damper;
  private readonly nearest: Float64Array;
  private lastNonConformity = NaN;
  private lastTailProbability = 1;

  constructor(
    readonly params: KnnCadParams,
    state?: z.output<typeof knnCadStateSchema>
  ) {
    this.recent = new RecentValues(params.trainSize + 2 * params.dim - 1);
    this.nearest = new Float64Array(params.k);
    if (!state) {
      this.tail = new ConformalTail(params.calibrationSize);
      this.damper = new Damper(params.refractory, params.damping);
      return;
    }
    assertParamsMatch(state.params, params);
    const values = decodeExact(state.values);
    if (values.length > this.recent.capacity) {
      throw new Error(`${values.length} values saved, more than the ${this.recent.capacity} kept`);
    }
    values.forEach((value) => this.recent.push(value));
    this.tail = ConformalTail.fromState(params.calibrationSize, state.tail);
    this.damper = new Damper(params.refractory, params.damping, state.recentScores);
  }

  update(_timestamp: number, value: number): number {
    if (!Number.isFinite(value)) {
      return 0;
    }
    this.recent.push(value);
    const patterns = this.recent.length - 2 * this.params.dim + 1;
    if (patterns < this.params.k) {
      return this.damper.apply(0);
    }
    const nonConformity = this.nonConformity(patterns);
    const warm = this.tail.size >= this.params.warmup;
    const probability = warm ? this.tail.tailProbability(nonConformity) : 1;
    this.tail.push(nonConformity);
    this.lastNonConformity = nonConformity;
    this.lastTailProbability = probability;
    return this.damper.apply(scoreFromDigits(-Math.log10(probability)));
  }

  explain(): string {
    const { dim, trainSize, k } = this.params;
    const nearest = k === 1 ? 'distance to the nearest' : `summed distance to the ${k} nearest`;
    return `the last ${dim} values match none of the ${trainSize} patterns before them: ${nearest} ${formatNumber(this.lastNonConformity, 3)} (tail probability ${this.lastTailProbability.toExponential(1)})`;
  }

  toState(): z.input<typeof knnCadStateSchema> {
    return {
      params: { ...this.params },
      values: encodeExact(this.recent.toArray()),
      tail: this.tail.toState(),
      recentScores: this.damper.toState(),
    };
  }

  /** Sum of the distances from the newest pattern to its k nearest among the `patterns` older ones. */
  private nonConformity(patterns: number): number {
    const { dim, k } = this.params;
    const { buffer, first, length } = this.recent;
    const current = first + length - dim;
    const nearest = this.nearest;
    nearest.fill(Infinity);
    for (let p = 0; p < patterns; p++) {
      const start = first + p;
      const bound = nearest[k - 1];
      let sum = 0;
      for (let j = 0; j < dim && sum < bound; j++) {
        const d = buffer[start + j] - buffer[current + j];
        sum += d * d;
      }
      if (sum < bound) {
        let at = k - 1;
        while (at > 0 && nearest[at - 1] > sum) {
          nearest[at] = nearest[at - 1];
          at--;
        }
        nearest[at] = sum;
      }
    }
    let total = 0;
    for (let j = 0; j < k; j++) {
      total += Math.sqrt(nearest[j]);
    }
    return total;
  }
}
