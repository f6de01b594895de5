import { parseDetectorSpec } from '../detectorSpec';
import { episodes, seriesEpisodeGapMs } from '../evaluation/episodes';
import { restoreDetector } from '../index';
import { generateHardServerMetrics } from '../synthetic/hardServerMetrics';
import { DefaultDetector } from './defaultDetector';

function spec(learnRoutine: boolean) {
  return parseDetectorSpec({
    id: 'latency',
    name: 'latency',
    query: 'http_request_duration_p99_seconds',
    model: { kind: 'default', params: { learnRoutine } },
  });
}

const WEEK_ROWS = 7 * 1440;
/** Two weeks of 1-minute p99 latency: log-normal noise and Pareto single-row spikes; one series with a sustained x3. */
const latency = [1, 2, 3].map((seed) =>
  generateHardServerMetrics({ seed, days: 14 }).filter((s) => s.scenario === 'heavy_tailed_latency')
);

/** Alert episodes starting in the second week, and whether one overlaps the labelled incident. */
function alerts(learnRoutine: boolean, series: (typeof latency)[number][number]) {
  const result = new DefaultDetector(spec(learnRoutine)).score(series);
  const found = episodes(result.anomalies, series.timestamps, { maxGapMs: seriesEpisodeGapMs(series.timestamps) });
  const incident = series.anomalyWindows[0];
  return {
    secondWeek: found.filter((e) => e.startMs >= series.timestamps[WEEK_ROWS]).length,
    incidentFound: incident !== undefined && found.some((e) => e.endMs >= incident[0] && e.startMs <= incident[1]),
  };
}

describe('learnRoutine in the default detector', () => {
  it('stops alerting on the routine single-row spikes of a heavy-tailed series after a week; a sustained x3 still alerts', () => {
    let before = 0;
    let after = 0;
    for (const [incident, normal] of latency) {
      before += alerts(false, normal).secondWeek;
      after += alerts(true, normal).secondWeek;
      expect(alerts(true, incident).incidentFound).toBe(true);
    }
    // 13 alerts in the second week of the three normal series without it, 3 with it.
    expect(before).toBeGreaterThanOrEqual(10);
    expect(after).toBeLessThanOrEqual(before / 3);
  });

  it('restores bit for bit with the learned tail, and keeps the state small', () => {
    const series = latency[0][1];
    const cut = WEEK_ROWS + 17;
    const part = (from: number, to: number) => ({
      labels: {},
      timestamps: series.timestamps.slice(from, to),
      values: series.values.slice(from, to),
    });
    const whole = new DefaultDetector(spec(true)).score(series);
    const first = new DefaultDetector(spec(true));
    first.fit(part(0, cut));
    const state = JSON.parse(JSON.stringify(first.toState()));
    expect(JSON.stringify(state).length).toBeLessThanOrEqual(7 * 1024);
    const rest = restoreDetector(spec(true), state).score(part(cut, series.values.length));
    expect(Array.from(rest.scores)).toEqual(Array.from(whole.scores.slice(cut)));
    // A state saved without the option learns the tail afresh when it is turned on.
    const plain = new DefaultDetector(spec(false));
    plain.fit(part(0, cut));
    expect(() => restoreDetector(spec(true), JSON.parse(JSON.stringify(plain.toState())))).not.toThrow();
  });
});
