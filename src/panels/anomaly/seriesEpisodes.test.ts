import type { DetectionResult } from '../../engine/detection';
import type { SeriesScore } from '../../worker/detectorService';
import { seriesEpisodes } from './seriesEpisodes';

const MINUTE = 60_000;

function scored(values: number[], anomalies: number[], widenFrom = Infinity): SeriesScore {
  const n = values.length;
  const result: DetectionResult = {
    timestamps: Float64Array.from({ length: n }, (_, i) => i * MINUTE),
    values: Float64Array.from(values),
    scores: new Float64Array(n),
    anomalies: Uint8Array.from(anomalies),
    expected: new Float64Array(n).fill(100),
    lower: Float64Array.from({ length: n }, (_, i) => (i >= widenFrom ? -50 : 80)),
    upper: Float64Array.from({ length: n }, (_, i) => (i >= widenFrom ? 250 : 120)),
    explanations: new Array(n).fill(null),
    drift: [],
    threshold: 0.9,
  };
  return { key: 'k', labels: {}, result, fittedOnHistory: false };
}

describe('seriesEpisodes', () => {
  it('marks an outage flagged once from its start to the last point outside the band', () => {
    const values = [100, 0, 0, 0, 0, 100, 100];
    const [found] = seriesEpisodes([scored(values, [0, 1, 0, 0, 0, 0, 0])]);
    expect(found).toEqual([
      {
        start: 1,
        end: 4,
        startMs: MINUTE,
        endMs: 4 * MINUTE,
        points: 1,
        peak: { index: 1, atMs: MINUTE, value: 0, score: found[0].peak.score },
      },
    ]);
  });

  it('ends the episode once the value is back nearer the expected value than the flagged one', () => {
    const [found] = seriesEpisodes([scored([100, 300, 250, 130, 300], [0, 1, 0, 0, 0])]);
    expect(found.map((one) => [one.start, one.end])).toEqual([[1, 2]]);
  });

  it('keeps the episode while the value stays down, even as the band widens to follow it', () => {
    const values = [100, 0, 0, 0, 0, 0, 100];
    const [found] = seriesEpisodes([scored(values, [0, 1, 0, 0, 0, 0, 0], 3)]);
    expect(found.map((one) => [one.start, one.end])).toEqual([[1, 5]]);
  });

  it('joins flags a few steps apart and keeps distant ones apart', () => {
    const flags = new Array(40).fill(0);
    flags[2] = flags[5] = flags[30] = 1;
    const found = seriesEpisodes([scored(new Array(40).fill(100), flags)])[0];
    expect(found.map((one) => [one.start, one.end])).toEqual([
      [2, 5],
      [30, 30],
    ]);
  });

  it('gives a series without anomalies no episodes', () => {
    expect(seriesEpisodes([scored([1, 2, 3], [0, 0, 0])])).toEqual([[]]);
  });
});
