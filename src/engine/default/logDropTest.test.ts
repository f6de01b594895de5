import { parseDetectorSpec } from '../detectorSpec';
import { logRatio } from './logRatio';
import { episodes, seriesEpisodeGapMs } from '../evaluation/episodes';
import { generateHardServerMetrics } from '../synthetic/hardServerMetrics';
import { gaussian, seededRandom } from '../synthetic/random';
import { DefaultDetector } from './defaultDetector';
import { LogDropTest, logDropStateSchema } from './logDropTest';

const MINUTE = 60_000;
const DAY_MS = 1440 * MINUTE;

/** A request rate of 200/s with Poisson-like noise, bursts of 3x for 8 rows every 300 rows, 5% over an outage. */
function requests(rows: number, outage: [number, number] | null, seed = 1): number[] {
  const draw = gaussian(seededRandom(seed));
  return Array.from({ length: rows }, (_, row) => {
    const rate = row % 300 < 8 ? 600 : 200;
    const sampled = rate + Math.sqrt(rate) * draw();
    return outage && row >= outage[0] && row < outage[0] + outage[1] ? 0.05 * sampled : sampled;
  });
}

/**
 * Feeds the test each value against a fast moving level (as the detector's recent level); returns the peak digits
 * over rows [from, to).
 */
function peakDigits(test: LogDropTest, values: number[], skewed = true, from = 0, to = values.length): number {
  let level = values[0];
  let peak = 0;
  values.forEach((value, row) => {
    const { digits } = test.observe(logRatio(value, level), skewed, row * MINUTE);
    level += 0.05 * (value - level);
    peak = row >= from && row < to ? Math.max(peak, digits) : peak;
  });
  return peak;
}

describe('LogDropTest', () => {
  it('finds an outage to 5% of the level, and not the falls back to it after each burst', () => {
    // An alert needs 11.7 digits at the default sensitivity.
    expect(peakDigits(new LogDropTest(4000, 30, DAY_MS), requests(6000, null), true, 1000)).toBeLessThan(7);
    expect(peakDigits(new LogDropTest(4000, 30, DAY_MS), requests(6000, [5000, 30]), true, 1000)).toBeGreaterThan(20);
  });

  it('judges only drops, and only on rows it is told are skewed', () => {
    expect(peakDigits(new LogDropTest(4000, 30, DAY_MS), requests(6000, [5000, 30]), false)).toBe(0);
    const raised = requests(6000, null).map((value, row) => (row >= 5000 && row < 5030 ? 20 * value : value));
    expect(peakDigits(new LogDropTest(4000, 30, DAY_MS), raised, true, 5000, 5030)).toBe(0);
    // A series that runs above its reference: a value back nearer to it is lower than usual, but not a drop.
    const above = new LogDropTest(4000, 30, DAY_MS);
    const draw = gaussian(seededRandom(3));
    for (let row = 0; row < 3000; row++) {
      above.observe(logRatio(130 * Math.exp(0.01 * draw()), 100), true, row * MINUTE);
    }
    expect(above.observe(logRatio(110, 100), true, 3000 * MINUTE).digits).toBe(0);
    expect(above.observe(logRatio(90, 100), true, 3001 * MINUTE).digits).toBeGreaterThan(20);
  });

  it('skips a value not above 0 and goes on: an outage after a rate of 0 is found', () => {
    const test = new LogDropTest(4000, 30, DAY_MS);
    peakDigits(test, [...requests(3000, null), 0]);
    expect(test.toState().residuals[0]).toBe(3000);
    expect(peakDigits(test, requests(2000, [1000, 30]))).toBeGreaterThan(20);
    expect(test.toState().residuals[0]).toBe(5000);
    // A state saved when a value not above 0 stopped the test for good goes on from what it had learned.
    const stopped = new LogDropTest(4000, 30, DAY_MS, logDropStateSchema.parse({ ...test.toState(), off: true }));
    expect(stopped.toState()).toEqual(test.toState());
    expect(peakDigits(stopped, requests(2000, [1000, 30]))).toBeGreaterThan(20);
  });

  it('learns the rises a series makes routinely (bursts of 3x), and keeps a rise far beyond them surprising', () => {
    const test = new LogDropTest(4000, 30, DAY_MS);
    const burstDigits: number[] = [];
    requests(4000, null).forEach((value, row) => {
      const digits = test.riseDigits(logRatio(value, 200), row * MINUTE);
      if (row % 300 < 8) {
        burstDigits.push(digits);
      }
      test.observe(logRatio(value, 200), true, row * MINUTE);
    });
    // The first five bursts (8 rows each) have no routine yet; after them most burst rows are routine (an alert needs
    // 11.7 digits), the others lie beyond the routine's end point and are left to the linear tests.
    expect(burstDigits.slice(0, 40).every((digits) => digits === Infinity)).toBe(true);
    const later = burstDigits.slice(40);
    expect(later.filter((digits) => digits < 5).length).toBeGreaterThan(later.length / 2);
    expect(test.riseDigits(logRatio(6000, 200), 4000 * MINUTE)).toBe(Infinity);
    expect(test.riseDigits(logRatio(150, 200), 4001 * MINUTE)).toBe(Infinity);
  });

  it('continues bit for bit after a JSON round trip of its state', () => {
    const values = requests(6000, [5000, 30]);
    const whole = new LogDropTest(4000, 30, DAY_MS);
    let restored: LogDropTest | null = null;
    values.forEach((value, row) => {
      if (row === 5010) {
        const state = logDropStateSchema.parse(JSON.parse(JSON.stringify(whole.toState())));
        restored = new LogDropTest(4000, 30, DAY_MS, state);
      }
      const rise = whole.riseDigits(logRatio(value, 200), row * MINUTE);
      const expected = { ...whole.observe(logRatio(value, 200), true, row * MINUTE) };
      if (restored) {
        expect(restored.riseDigits(logRatio(value, 200), row * MINUTE)).toBe(rise);
        expect(restored.observe(logRatio(value, 200), true, row * MINUTE)).toEqual(expected);
      }
    });
    expect(restored).not.toBeNull();
  });
});

describe('logDrop in the default detector', () => {
  const spec = (params: { logDrop?: boolean }) =>
    parseDetectorSpec({
      id: 'requests',
      name: 'requests',
      query: 'http_requests_per_second',
      model: { kind: 'default', params },
    });

  it('is on by default and finds an outage at night among bursts the linear tests miss (hard synthetic requests, seed 11)', () => {
    const [series] = generateHardServerMetrics({ seed: 11, days: 14 }).filter(
      (s) => s.scenario === 'bursty_requests' && s.anomalyWindows.length > 0
    );
    const [start, end] = series.anomalyWindows[0];
    const found = (params: { logDrop?: boolean }) => {
      const result = new DefaultDetector(spec(params)).score(series);
      return episodes(result.anomalies, series.timestamps, { maxGapMs: seriesEpisodeGapMs(series.timestamps) }).some(
        (episode) => episode.endMs >= start && episode.startMs <= end
      );
    };
    expect(found({ logDrop: false })).toBe(false);
    expect(found({})).toBe(true);
  });

  it('explains the drop as a share of what was expected, on a log scale', () => {
    const [series] = generateHardServerMetrics({ seed: 11, days: 14 }).filter(
      (s) => s.scenario === 'bursty_requests' && s.anomalyWindows.length > 0
    );
    const result = new DefaultDetector(spec({})).score(series);
    const [start] = series.anomalyWindows[0];
    const first = result.timestamps.findIndex((timestamp, row) => timestamp >= start && result.anomalies[row] === 1);
    expect(result.explanations[first]).toMatch(
      /^20\.51 is 5% of the expected 442\.7: \d+\.\d sd below it on a log scale/
    );
  });
});

describe('routine rises in the default detector', () => {
  const detector = () =>
    new DefaultDetector(
      parseDetectorSpec({
        id: 'requests',
        name: 'requests',
        query: 'http_requests_per_second',
        model: { kind: 'default' },
      })
    );
  const DAY_ROWS = 1440;

  /** Alert episodes from the fourth day on, and whether rows [from, to) alerted. */
  function alerts(series: { timestamps: Float64Array; values: Float64Array }, from: number, to: number) {
    const result = detector().score({ labels: {}, ...series });
    const late = episodes(result.anomalies.subarray(3 * DAY_ROWS), series.timestamps.subarray(3 * DAY_ROWS), {
      maxGapMs: seriesEpisodeGapMs(series.timestamps),
    }).length;
    return { late, alerted: result.anomalies.subarray(from, to).includes(1) };
  }

  it.each([1, 2, 3])(
    'alerts on few of the bursts (1.5 to 3 times the load, at any hour) of the hard synthetic requests, seed %i, and on one of 10 times',
    (seed) => {
      const [normal] = generateHardServerMetrics({ seed, days: 14 }).filter(
        (s) => s.scenario === 'bursty_requests' && s.anomalyWindows.length === 0
      );
      // Before the routine of rises: 10, 13 and 8 episodes after the third day (of 11 days with about 44 bursts).
      expect(alerts(normal, 0, 0).late).toBeLessThanOrEqual(6);
      const spike = 10 * DAY_ROWS + 700;
      const values = normal.values.map((value, row) => (row >= spike && row < spike + 3 ? 10 * value : value));
      expect(alerts({ timestamps: normal.timestamps, values }, spike, spike + 3).alerted).toBe(true);
    }
  );

  it.each([2, 3, 5])(
    'alerts on few of the Pareto spikes of the hard synthetic latency (residuals less skewed than the bursts), seed %i, and finds its tripled latency',
    (seed) => {
      const [incident, normal] = generateHardServerMetrics({ seed, days: 14 }).filter(
        (s) => s.scenario === 'heavy_tailed_latency'
      );
      // Before rises were judged on the log scale at this skew: 4, 3 and 5 episodes after the third day.
      expect(alerts(normal, 0, 0).late).toBeLessThanOrEqual(2);
      const [start, end] = incident.anomalyWindows[0];
      const from = incident.timestamps.indexOf(start);
      expect(alerts(incident, from, incident.timestamps.indexOf(end) + 1).alerted).toBe(true);
    }
  );

  it.each([18, 22, 24])(
    'counts the rises of the hard synthetic latency from 3 sd, so its routine is known after the first day, seed %i',
    (seed) => {
      const [normal] = generateHardServerMetrics({ seed, days: 14 }).filter(
        (s) => s.scenario === 'heavy_tailed_latency' && s.anomalyWindows.length === 0
      );
      const result = detector().score(normal);
      const afterFirstDay = episodes(result.anomalies.subarray(DAY_ROWS), normal.timestamps.subarray(DAY_ROWS), {
        maxGapMs: seriesEpisodeGapMs(normal.timestamps),
      });
      // From 3.5 sd (the other routine tails' base): 4, 4 and 3 episodes after the first day.
      expect(afterFirstDay.length).toBeLessThanOrEqual(2);
    }
  );
});
