import { parseDetectorSpec } from '../detectorSpec';
import { gaussian, seededRandom } from '../synthetic/random';
import { DefaultDetector } from './defaultDetector';

const STEP_MS = 300_000;
const DAY_ROWS = 288;
const START_MS = Date.UTC(2024, 0, 1);
const spec = parseDetectorSpec({ id: 'rps', name: 'rps', query: 'rate(http_requests_total[5m])' });

/** The expected request rate: 300 per second at 00:00, 6000 at 12:00. */
function load(i: number): number {
  return 3150 - 2850 * Math.cos((2 * Math.PI * i) / DAY_ROWS);
}

/** 14 days of a request rate with Poisson-like noise (sd sqrt(rate)), optionally dropping to 5% for `drop` rows. */
function requestRate(drop?: [number, number]): number[] {
  const noise = gaussian(seededRandom(11));
  return Array.from({ length: 14 * DAY_ROWS }, (_, i) => {
    const rate = load(i) + Math.sqrt(load(i)) * noise();
    return drop && i >= drop[0] && i < drop[1] ? 0.05 * rate : rate;
  });
}

function run(values: number[]) {
  const detector = new DefaultDetector(spec);
  return values.map((value, i) => detector.update(START_MS + i * STEP_MS, value));
}

describe('a drop at the lowest load, where the noise is a fraction of the day average', () => {
  // Midnight of day 12: the rate is 300, its noise sd 17; the whole day's residual spread is about 4 times that, and a
  // drop to 5% is about 4 of its sd: no alert when every level shares one spread.
  const dropAt = 12 * DAY_ROWS;

  it('alerts at once, judged against the spread of that load', () => {
    const points = run(requestRate([dropAt, dropAt + 6]));
    expect(points[dropAt].anomaly).toBe(true);
    expect(points[dropAt].explanation).toMatch(/sd below the expected/);
  });

  it('narrows the lower band where the load is low, never widens it, and leaves the upper band alone', () => {
    const points = run(requestRate());
    const night = points[dropAt];
    const peak = points[dropAt + DAY_ROWS / 2];
    expect((night.expected - night.lower) / (night.upper - night.expected)).toBeLessThan(0.5);
    expect((peak.expected - peak.lower) / (peak.upper - peak.expected)).toBeCloseTo(1, 6);
    expect(night.lower).toBeGreaterThan(0);
  });

  it('raises no alert on the same series without the drop once a day is learned', () => {
    const points = run(requestRate());
    expect(points.slice(2 * DAY_ROWS).filter((point) => point.anomaly)).toEqual([]);
  });
});
