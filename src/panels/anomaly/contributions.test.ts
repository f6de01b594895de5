import type { SeriesScore } from '../../worker/detectorService';
import { contributionLines } from './contributions';

function scored(instance: string, anomalies: number[], shares: number[], scores = anomalies): SeriesScore {
  return {
    key: instance,
    labels: { instance },
    fittedOnHistory: false,
    result: { anomalies: Uint8Array.from(anomalies), scores: Float64Array.from(scores) } as SeriesScore['result'],
    contributions: { metrics: ['traffic', 'latency'], shares: Float64Array.from(shares) },
  };
}

describe('contributionLines', () => {
  it('averages each metric share over a target’s anomalous points, largest first, and skips quiet targets', () => {
    const lines = contributionLines([
      scored('a', [0, 1, 1], [0, 0, 0.2, 0.8, 0.4, 0.6]),
      scored('b', [0, 0, 0], [0, 0, 0, 0, 0, 0]),
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0].target).toBe('{instance="a"}');
    expect(lines[0].shares.map((one) => one.metric)).toEqual(['latency', 'traffic']);
    expect(lines[0].shares[0].share).toBeCloseTo(0.7, 12);
    expect(lines[0].shares[1].share).toBeCloseTo(0.3, 12);
  });

  it('puts the most anomalous target first, whatever the order of the targets', () => {
    const lines = contributionLines([
      scored('a', [1, 0, 0], [0.5, 0.5, 0, 0, 0, 0], [0.72, 0, 0]),
      scored('b', [0, 1, 1], [0, 0, 0.9, 0.1, 0.8, 0.2], [0, 0.8, 0.97]),
      scored('c', [0, 1, 0], [0, 0, 0.3, 0.7, 0, 0], [0, 0.85, 0]),
    ]);
    expect(lines.map((line) => [line.target, line.peak])).toEqual([
      ['{instance="b"}', 0.97],
      ['{instance="c"}', 0.85],
      ['{instance="a"}', 0.72],
    ]);
  });
});
