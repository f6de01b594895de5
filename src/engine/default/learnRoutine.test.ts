import { parseDetectorSpec } from '../detectorSpec';
import { episodes, seriesEpisodeGapMs } from '../evaluation/episodes';
import { restoreDetector } from '../index';
import { generateHardServerMetrics } from '../synthetic/hardServerMetrics';
import { DefaultDetector } from './defaultDetector';

function spec(params: { learnRoutine?: boolean; routineDays?: number } = {}) {
  return parseDetectorSpec({
    id: 'latency',
    name: 'latency',
    query: 'http_request_duration_p99_seconds',
    model: { kind: 'default', params },
  });
}

const WEEK_ROWS = 7 * 1440;
/** Two weeks of 1-minute p99 latency: log-normal noise and Pareto single-row spikes; one series with a sustained x3. */
const latency = [1, 2, 3].map((seed) =>
  generateHardServerMetrics({ seed, days: 14 }).filter((s) => s.scenario === 'heavy_tailed_latency')
);

/** Alert episodes starting in the second week, and whether one overlaps the labelled incident. */
function alerts(params: Parameters<typeof spec>[0], series: (typeof latency)[number][number]) {
  const result = new DefaultDetector(spec(params)).score(series);
  const found = episodes(result.anomalies, series.timestamps, { maxGapMs: seriesEpisodeGapMs(series.timestamps) });
  const incident = series.anomalyWindows[0];
  return {
    secondWeek: found.filter((e) => e.startMs >= series.timestamps[WEEK_ROWS]).length,
    incidentFound: incident !== undefined && found.some((e) => e.endMs >= incident[0] && e.startMs <= incident[1]),
  };
}

describe('learnRoutine in the default detector', () => {
  it('is on by default: fewer alerts on the routine spikes of a heavy-tailed series, more with a longer memory; a sustained x3 still alerts', () => {
    let off = 0;
    let byDefault = 0;
    let fourDays = 0;
    for (const [incident, normal] of latency) {
      off += alerts({ learnRoutine: false }, normal).secondWeek;
      byDefault += alerts({}, normal).secondWeek;
      fourDays += alerts({ routineDays: 4 }, normal).secondWeek;
      expect(alerts({}, incident).incidentFound).toBe(true);
      expect(alerts({ routineDays: 4 }, incident).incidentFound).toBe(true);
    }
    // Second-week alerts of the three normal series: 13 without it, 8 by default (one day's memory), 4 with four days.
    expect(off).toBeGreaterThanOrEqual(10);
    expect(byDefault).toBeLessThanOrEqual(off * 0.7);
    expect(fourDays).toBeLessThan(byDefault);
  });

  it('learns the routine of the sustained-shift test too: bursts of a few minutes alert less through it, outages among them still alert', () => {
    let shiftAlerts = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const [incident, normal] = generateHardServerMetrics({ seed, days: 14 }).filter(
        (s) => s.scenario === 'bursty_requests'
      );
      const result = new DefaultDetector(spec()).score(normal);
      const found = episodes(result.anomalies, normal.timestamps, { maxGapMs: seriesEpisodeGapMs(normal.timestamps) });
      shiftAlerts += found.filter((e) =>
        result.explanations[normal.timestamps.indexOf(e.startMs)]?.startsWith('sustained shift')
      ).length;
      expect(alerts({}, incident).incidentFound).toBe(true);
    }
    // Episodes raised by the shift test on the five normal series: 13 with only the single values' tail, 8 with both.
    expect(shiftAlerts).toBeLessThanOrEqual(10);
  });

  it('restores bit for bit with the learned tail, and keeps the state small', () => {
    const series = latency[0][1];
    const cut = WEEK_ROWS + 17;
    const part = (from: number, to: number) => ({
      labels: {},
      timestamps: series.timestamps.slice(from, to),
      values: series.values.slice(from, to),
    });
    const whole = new DefaultDetector(spec()).score(series);
    const first = new DefaultDetector(spec());
    first.fit(part(0, cut));
    const state = JSON.parse(JSON.stringify(first.toState()));
    expect(JSON.stringify(state).length).toBeLessThanOrEqual(9 * 1024);
    const rest = restoreDetector(spec(), state).score(part(cut, series.values.length));
    expect(Array.from(rest.scores)).toEqual(Array.from(whole.scores.slice(cut)));
    // A state saved without the option learns the tail afresh when it is turned on.
    const plain = new DefaultDetector(spec({ learnRoutine: false }));
    plain.fit(part(0, cut));
    expect(() => restoreDetector(spec(), JSON.parse(JSON.stringify(plain.toState())))).not.toThrow();
  });
});
