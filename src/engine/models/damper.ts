import { RecentMax } from '../default/recentMax';
import { decodeExact, encodeExact } from '../util/exactNumbers';

/**
 * One incident, one alert (the default detector's rule, for the other streaming kinds): a score that does not beat
 * every score of the last `refractory` rows is multiplied by `damping`.
 */
export class Damper {
  private readonly recent: RecentMax;

  constructor(
    private readonly refractory: number,
    private readonly damping: number,
    saved?: string
  ) {
    this.recent = saved === undefined ? new RecentMax(refractory) : RecentMax.from(refractory, decodeExact(saved));
  }

  apply(score: number): number {
    if (this.refractory <= 0) {
      return score;
    }
    const recentMax = this.recent.max;
    this.recent.push(score);
    return score > recentMax ? score : score * this.damping;
  }

  /** The recent scores, oldest first (encodeExact). */
  toState(): string {
    return encodeExact(Float64Array.from(this.recent.toArray()));
  }
}
