import { gaussian, seededRandom } from '../synthetic/random';
import { seasonalBaseline } from './baseline';
import { DAY_MS, detectPeriod } from './period';

const STEP = 5 * 60_000;

function make(days: number, shape: (t: number) => number, seed = 1) {
  const noise = gaussian(seededRandom(seed));
  const count = Math.round((days * DAY_MS) / STEP);
  const timestamps = Float64Array.from({ length: count }, (_, i) => i * STEP);
  const values = Float64Array.from(timestamps, (t) => shape(t) + 0.2 * noise());
  return { labels: {}, timestamps, values };
}

const daily = (t: number) => 10 + 3 * Math.sin((2 * Math.PI * t) / DAY_MS);

describe('period detection', () => {
  it('finds a daily season given two days or more', () => {
    const series = make(4, daily);
    expect(detectPeriod(series.timestamps, series.values, STEP)).toBe('daily');
  });

  it('needs two full periods', () => {
    const series = make(1.5, daily);
    expect(detectPeriod(series.timestamps, series.values, STEP)).toBeNull();
  });

  it('finds a weekly season when weekends differ', () => {
    const weekly = (t: number) => daily(t) + (Math.floor(t / DAY_MS) % 7 >= 5 ? -6 : 0);
    const series = make(21, weekly);
    expect(detectPeriod(series.timestamps, series.values, STEP)).toBe('weekly');
  });

  it('finds none in noise or in a trend', () => {
    const noise = make(8, () => 0);
    expect(detectPeriod(noise.timestamps, noise.values, STEP)).toBeNull();
    const trend = make(8, (t) => t / DAY_MS);
    expect(detectPeriod(trend.timestamps, trend.values, STEP)).toBeNull();
  });
});

describe('seasonalBaseline', () => {
  it('expects the seasonal shape with a band around it', () => {
    const series = make(4, daily);
    const baseline = seasonalBaseline(series, { stepMs: STEP });
    expect(baseline.period).toBe('daily');
    const i = series.values.length - 10;
    expect(Math.abs(baseline.expected[i] - daily(series.timestamps[i]))).toBeLessThan(0.3);
    expect(baseline.lower[i]).toBeLessThan(baseline.expected[i]);
    expect(baseline.upper[i]).toBeGreaterThan(baseline.expected[i]);
  });

  it('falls back to the rolling median for short history', () => {
    const series = make(0.5, () => 5);
    const baseline = seasonalBaseline(series, { stepMs: STEP, window: 20 });
    expect(baseline.period).toBeNull();
    expect(baseline.expected[0]).toBeNaN();
    expect(Math.abs(baseline.expected[100] - 5)).toBeLessThan(0.2);
  });
});
