import { parseDetectorSpec } from '../detectorSpec';
import { generateHardServerMetrics } from '../synthetic/hardServerMetrics';
import type { LabelledSeries } from '../synthetic/serverMetrics';
import { DefaultDetector } from './defaultDetector';

function spec(durationTest: boolean | undefined, counter = false) {
  return parseDetectorSpec({
    id: 'sustained',
    name: 'sustained',
    query: 'x',
    counter,
    model: { kind: 'default', params: durationTest === undefined ? {} : { durationTest } },
  });
}

function series(scenario: string, seed: number, variant: 'incident' | 'normal'): LabelledSeries {
  return generateHardServerMetrics({ seed, days: 14 }).filter(
    (s) => s.scenario === scenario && (s.labels.normal === 'true') === (variant === 'normal')
  )[0];
}

/** The rows that alert, and their explanations, inside and outside the labelled incident. */
function alerts(durationTest: boolean | undefined, data: LabelledSeries, counter = false) {
  const detector = new DefaultDetector(spec(durationTest, counter));
  const inside: string[] = [];
  let outside = 0;
  const window = data.anomalyWindows[0];
  data.values.forEach((value, i) => {
    const point = detector.update(data.timestamps[i], value);
    if (!point.anomaly) {
      return;
    }
    const t = data.timestamps[i];
    if (window && t >= window[0] && t <= window[1]) {
      inside.push(point.explanation ?? '');
    } else {
      outside++;
    }
  });
  return { inside, outside };
}

/**
 * Sustained incidents the adaptive predictors absorb before any single value or ten-row mean alerts: CPU saturated
 * (+0.4 on AR(1) noise of sd 0.067, capped at 100%) for an hour; seeds 24, 40 and 57 stay more than 3 sd but not 4
 * above the reference for long enough (they were missed while the upper side held at 4 sd too). (The tripled
 * latencies the duration test found here, hours after one of their spikes alerted, are found by the log-scale shift
 * test too since it measures from the long-run mean where the profile predicts: logShiftTest.test.ts.)
 */
const ABSORBED: Array<[string, number, boolean]> = [
  ['cpu_drift', 3, false],
  ['cpu_drift', 4, false],
  ['cpu_drift', 24, false],
  ['cpu_drift', 40, false],
  ['cpu_drift', 57, false],
];
/** The normal series of every scenario (the counter read as a counter, as a user reads it). */
const SCENARIOS: Array<[string, boolean]> = [
  ['cpu_drift', false],
  ['sensor_flatline', false],
  ['counter_reset', true],
  ['bursty_requests', false],
  ['heavy_tailed_latency', false],
];

describe('the duration test in the default detector', () => {
  it.each(ABSORBED)(
    'finds the sustained %s incident of seed %i, which the other tests miss',
    (scenario, seed, counter) => {
      const data = series(scenario, seed, 'incident');
      expect(alerts(false, data, counter).inside).toEqual([]);
      const found = alerts(undefined, data, counter).inside;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^sustained for \d+ points: .* stay more than 3 sd above .*/);
    }
  );

  it('adds no alert on the normal series', () => {
    for (const [scenario, counter] of SCENARIOS) {
      const data = series(scenario, 3, 'normal');
      expect(alerts(undefined, data, counter).outside).toBe(alerts(false, data, counter).outside);
    }
  });
});
