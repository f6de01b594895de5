import type { DetectionResult } from '../engine/detection';
import type { SeriesScore } from './detectorService';
import { summarisePreview } from './previewSummary';

const START = Date.UTC(2026, 0, 5);
const MINUTE = 60_000;

/** A scored series: `flags` anomalous points at 1-minute steps, every point past warm-up unless `scored` is false. */
function series(key: string, flags: number[], scored = true): SeriesScore {
  const n = flags.length;
  const result = {
    timestamps: Float64Array.from(flags, (_, i) => START + i * MINUTE),
    values: new Float64Array(n),
    scores: Float64Array.from(flags, (flag) => (scored ? (flag ? 0.9 : 0.1) : 0)),
    anomalies: Uint8Array.from(flags),
    expected: new Float64Array(n).fill(scored ? 0 : NaN),
    lower: new Float64Array(n).fill(scored ? 0 : NaN),
    upper: new Float64Array(n).fill(scored ? 0 : NaN),
    explanations: flags.map(() => null),
    drift: [],
    threshold: 0.5,
  } satisfies DetectionResult;
  return { key, labels: { instance: key }, result, fittedOnHistory: false };
}

const quiet = (n: number) => new Array<number>(n).fill(0);

describe('summarisePreview', () => {
  it('counts no flaps for clean alerts, and one for each time an alert went normal and anomalous again', () => {
    const twoCleanAlerts = [...quiet(50), 1, 1, ...quiet(50), 1, 1, 1, ...quiet(50)];
    expect(summarisePreview([series('a', twoCleanAlerts)], {})).toMatchObject({ alerts: 2, flaps: 0 });
    // Within the episode gap: one alert whose points blink twice.
    const blinking = [...quiet(50), 1, 0, 1, 0, 0, 1, ...quiet(50)];
    expect(summarisePreview([series('b', blinking)], {})).toMatchObject({ alerts: 1, flaps: 2 });
  });

  it('rates alerts over the span of the data found, not over the days asked for', () => {
    const sixHours = [...quiet(100), 1, ...quiet(259)];
    const summary = summarisePreview([series('a', sixHours)], {});
    expect(summary.days).toBeCloseTo(0.25, 9);
    expect(summary.alertsPerWeek).toBeCloseTo(28, 9);
  });

  it('counts the series of which no point could be scored', () => {
    const summary = summarisePreview([series('short', quiet(16), false), series('long', quiet(600))], {});
    expect(summary).toMatchObject({ series: 2, unscoredSeries: 1 });
    expect(summarisePreview([series('long', quiet(600))], {}).unscoredSeries).toBe(0);
  });
});
