import type { SeriesScore } from '../../worker/detectorService';
import { seriesSelector } from '../../engine/series';

export interface ContributionLine {
  target: string;
  /** Metrics by their mean share of the target's anomalous points, largest first. */
  shares: Array<{ metric: string; share: number }>;
  /** The target's highest anomaly score. */
  peak: number;
}

/**
 * For each target of a multivariate result with anomalies: which metrics carried its anomaly scores, on average.
 * The most anomalous target (highest peak score) comes first, so the lines a panel has room for are the ones that
 * matter most.
 */
export function contributionLines(results: SeriesScore[]): ContributionLine[] {
  const lines: ContributionLine[] = [];
  for (const { labels, result, contributions } of results) {
    if (!contributions) {
      continue;
    }
    const { metrics, shares } = contributions;
    const sums = new Float64Array(metrics.length);
    let anomalous = 0;
    let peak = 0;
    result.anomalies.forEach((flag, i) => {
      if (flag === 1) {
        anomalous++;
        peak = Math.max(peak, result.scores[i]);
        for (let m = 0; m < metrics.length; m++) {
          sums[m] += shares[i * metrics.length + m];
        }
      }
    });
    if (anomalous > 0) {
      lines.push({
        target: seriesSelector(labels),
        shares: metrics.map((metric, m) => ({ metric, share: sums[m] / anomalous })).sort((a, b) => b.share - a.share),
        peak,
      });
    }
  }
  return lines.sort((a, b) => b.peak - a.peak);
}
