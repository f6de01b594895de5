import type { DetectionResult } from '../../engine/detection';
import { episodes, seriesEpisodeGapMs, type Episode } from '../../engine/evaluation/episodes';
import type { SeriesScore } from '../../worker/detectorService';

/**
 * Each series' anomaly episodes: flags up to EPISODE_GAP_STEPS of the series' own step apart join, and an episode
 * lasts while the value stays at least halfway from the expected value to the flagged one (an outage is flagged
 * at its start and then stays down even as the model's band widens to follow it).
 */
export function seriesEpisodes(results: SeriesScore[]): Episode[][] {
  return results.map(({ result }) => {
    if (!result.anomalies.includes(1)) {
      return [];
    }
    return episodes(result.anomalies, result.timestamps, {
      maxGapMs: seriesEpisodeGapMs(result.timestamps),
      extend: stillAnomalous(result),
      scores: result.scores,
      values: result.values,
    });
  });
}

/**
 * 1 where the value is beyond the midpoint between the latest flagged row's expected value and its value, on the
 * flagged side; 0 before the first flag and where the model had no expected value.
 */
function stillAnomalous({ values, anomalies, expected }: DetectionResult): Uint8Array {
  const still = new Uint8Array(values.length);
  let midpoint = NaN;
  let direction = 0;
  for (let i = 0; i < values.length; i++) {
    if (anomalies[i] === 1) {
      midpoint = (expected[i] + values[i]) / 2;
      direction = Math.sign(values[i] - expected[i]);
    }
    still[i] = direction !== 0 && (values[i] - midpoint) * direction > 0 ? 1 : 0;
  }
  return still;
}
