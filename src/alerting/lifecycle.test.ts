import { type AlertTarget, type DetectionOutcome } from './alert';
import { emptyAlertState, parseAlertState, type AlertState } from './alertState';
import { alertIdentity } from './identity';
import {
  DEFAULT_LIFECYCLE_OPTIONS,
  evaluateAlerts,
  retireDetectors,
  type AlertRun,
  type LifecycleOptions,
} from './lifecycle';
import { parseMatchers } from './matchers';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const target: AlertTarget = {
  detector: 'cpu',
  severity: 'warning',
  appUrl: 'https://grafana.example/a/vigil-anomaly-app',
};
const seriesLabels = { __name__: 'node_cpu', instance: 'web-1', job: 'node' };

function outcome(
  timestamp: number,
  anomalous: boolean,
  labels: Record<string, string> = seriesLabels
): DetectionOutcome {
  return {
    labels,
    timestamp,
    score: anomalous ? 0.95 : 0.1,
    value: anomalous ? 97 : 40,
    expected: 40,
    lower: 30,
    upper: 50,
    anomalous,
    explanation: anomalous ? 'value far above the expected band' : null,
  };
}

/** Runs one point per minute; the run happens at the point's time plus 30 s. */
function runPoints(
  flags: boolean[],
  options: LifecycleOptions = DEFAULT_LIFECYCLE_OPTIONS,
  start: AlertState = emptyAlertState(),
  startIndex = 0
) {
  let state = start;
  const runs = flags.map((anomalous, i) => {
    const at = T0 + (startIndex + i) * MINUTE;
    const result = evaluateAlerts(state, { target, outcomes: [outcome(at, anomalous)], nowMs: at + 30_000 }, options);
    state = result.state;
    return result;
  });
  return { state, runs };
}

function firingCount(result: ReturnType<typeof evaluateAlerts>, nowMs: number): number {
  return result.alerts.filter((alert) => Date.parse(alert.endsAt) > nowMs).length;
}

describe('evaluateAlerts', () => {
  it('takes nothing from the normal points of a series without an entry but the last (vigil detect passes only that)', () => {
    const before = runPoints([true, true, true]).state;
    const calmLabels = { ...seriesLabels, instance: 'web-3' };
    const points = (labels: Record<string, string>) =>
      Array.from({ length: 60 }, (_, i) => outcome(T0 + (10 + i) * MINUTE, false, labels));
    const followed = points(seriesLabels);
    const calm = points(calmLabels);
    const run = (calmPoints: DetectionOutcome[]) =>
      evaluateAlerts(before, { target, outcomes: [...followed, ...calmPoints], nowMs: T0 + 70 * MINUTE });
    const full = run(calm);
    expect(run(calm.slice(-1))).toEqual(full);
    expect(full.events.map((event) => event.kind)).toContain('resolved');
    expect(full.state.entries[alertIdentity('cpu', calmLabels)]).toBeUndefined();
  });

  it('says when the series was fitted, so a remediation lock can clear after a refit', () => {
    const fitted = { ...outcome(T0, true), fittedAtMs: T0 - 3_600_000 };
    const result = evaluateAlerts(emptyAlertState(), { target, outcomes: [fitted], nowMs: T0 + 30_000 });
    expect(result.alerts[0].annotations.vigil_fitted_at).toBe(new Date(T0 - 3_600_000).toISOString());
    const unknown = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0 + 30_000 });
    expect(unknown.alerts[0].annotations).not.toHaveProperty('vigil_fitted_at');
  });

  it('fires on an anomalous point with the contract labels, annotations and times', () => {
    const result = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0 + 30_000 });
    expect(result.alerts).toHaveLength(1);
    const [alert] = result.alerts;
    expect(alert.labels).toEqual({
      alertname: 'VigilAnomaly',
      vigil_detector: 'cpu',
      severity: 'warning',
      metric: 'node_cpu',
      instance: 'web-1',
      job: 'node',
    });
    expect(alert.annotations).toMatchObject({
      score: '0.95',
      value: '97',
      expected: '40',
      expected_lower: '30',
      expected_upper: '50',
      description: 'value far above the expected band',
    });
    expect(alert.annotations.summary).toContain(
      'node_cpu{instance="web-1", job="node"} is 97 outside the expected 30..50'
    );
    const rate = evaluateAlerts(emptyAlertState(), {
      target: { ...target, unit: '/s' },
      outcomes: [outcome(T0, true)],
      nowMs: T0 + 30_000,
    });
    expect(rate.alerts[0].annotations.summary).toContain('is 97/s outside the expected 30/s..50/s');
    expect(alert.startsAt).toBe(new Date(T0).toISOString());
    expect(alert.endsAt).toBe(new Date(T0 + 30_000 + 15 * MINUTE).toISOString());
    expect(alert.annotations.vigil_url).toBe('https://grafana.example/a/vigil-anomaly-app/detectors/cpu');
    expect(alert.generatorURL).toBe(
      'https://grafana.example/a/vigil-anomaly-app/alerts?detector=cpu&search=' +
        encodeURIComponent('instance="web-1" job="node" metric="node_cpu"')
    );
    expect(result.events.map((event) => event.kind)).toEqual(['fired']);
  });

  it('names the series as Prometheus writes a selector, with numbers to 4 significant digits in the summary', () => {
    const summaryOf = (values: Partial<DetectionOutcome>, labels: Record<string, string> = seriesLabels) =>
      evaluateAlerts(emptyAlertState(), {
        target,
        outcomes: [{ ...outcome(T0, true, labels), ...values }],
        nowMs: T0 + 30_000,
      }).alerts[0].annotations;
    // As engine/series.ts's seriesSelector writes it: sorted, empty values left out, values quoted as in PromQL.
    const quoted = summaryOf({}, { job: 'node', __name__: 'node_cpu', zone: '', path: 'C:\\ "a"' });
    expect(quoted.summary).toContain('node_cpu{job="node", path="C:\\\\ \\"a\\""} is 97');
    // Four significant digits, as Prometheus's humanize writes them; the annotations keep six.
    const rounded = summaryOf({ value: 100.04, lower: 7.720262, upper: 12.624519, score: 0.99963 });
    expect(rounded.summary).toContain('is 100 outside the expected 7.72..12.62 (anomaly score 0.9996)');
    expect(rounded).toMatchObject({ value: '100.04', expected_lower: '7.72026', expected_upper: '12.6245' });
    // More digits where four would write the value as the edge it is compared with.
    expect(summaryOf({ value: 50.00004, upper: 50.00001 }).summary).toContain(
      'is 50.00004 outside the expected 30..50.00001'
    );
  });

  it('re-sends an active alert every run, with endsAt pushed forward and the original startsAt', () => {
    const first = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0 + 30_000 });
    const second = evaluateAlerts(first.state, { target, outcomes: [], nowMs: T0 + 5 * MINUTE });
    expect(second.alerts).toHaveLength(1);
    expect(second.alerts[0].startsAt).toBe(new Date(T0).toISOString());
    expect(second.alerts[0].endsAt).toBe(new Date(T0 + 20 * MINUTE).toISOString());
    expect(second.events).toEqual([]);
  });

  it('resolves with endsAt = the first normal point when the anomaly clears, once, and then forgets the series', () => {
    const { state, runs } = runPoints([true, true, false, false]);
    expect(runs.map((run) => run.alerts.length)).toEqual([1, 1, 1, 0]);
    const resolve = runs[2].alerts[0];
    expect(resolve.endsAt).toBe(new Date(T0 + 2 * MINUTE).toISOString());
    expect(resolve.annotations.episode_end).toBe(resolve.endsAt);
    expect(resolve.startsAt).toBe(new Date(T0).toISOString());
    expect(runs[2].events.map((event) => event.kind)).toEqual(['resolved']);
    const later = evaluateAlerts(state, {
      target,
      outcomes: [outcome(T0 + 20 * MINUTE, false)],
      nowMs: T0 + 20 * MINUTE,
    });
    expect(later.state.entries).toEqual({});
  });

  describe('one alert per episode (resolveAfterPoints 5: anomalous points up to five points apart are one)', () => {
    const options = { ...DEFAULT_LIFECYCLE_OPTIONS, resolveAfterPoints: 5 };
    /** Points a minute apart from `from`; a number is an anomalous point with that score (and value 100 x score). */
    const points = (rows: Array<number | false>, from = 0) =>
      rows.map((row, i) =>
        row === false
          ? outcome(T0 + (from + i) * MINUTE, false)
          : { ...outcome(T0 + (from + i) * MINUTE, true), score: row, value: 100 * row }
      );

    it('sends one alert for flags that blink, starting at the first, with the peak, ending where the series is back', () => {
      const rows: Array<number | false> = [0.8, false, false, 0.99, false, 0.7, false, false, false, false, false];
      const result = evaluateAlerts(
        emptyAlertState(),
        { target, outcomes: points(rows), nowMs: T0 + 12 * MINUTE },
        options
      );
      expect(result.events.map((event) => event.kind)).toEqual(['fired', 'resolved']);
      expect(result.alerts).toHaveLength(1);
      const [alert] = result.alerts;
      expect(alert.startsAt).toBe(new Date(T0).toISOString());
      expect(alert.endsAt).toBe(new Date(T0 + 6 * MINUTE).toISOString());
      expect(alert.annotations).toMatchObject({
        episode_start: new Date(T0).toISOString(),
        episode_end: new Date(T0 + 6 * MINUTE).toISOString(),
        peak_at: new Date(T0 + 3 * MINUTE).toISOString(),
        peak_value: '99',
        peak_score: '0.99',
      });
      expect(alert.annotations.summary).toContain('is 99 outside the expected 30..50');
    });

    it('starts a second alert for flags more than five points after the last', () => {
      const rows: Array<number | false> = [
        0.9,
        false,
        false,
        false,
        false,
        false,
        0.9,
        false,
        false,
        false,
        false,
        false,
      ];
      const result = evaluateAlerts(
        emptyAlertState(),
        { target, outcomes: points(rows), nowMs: T0 + 12 * MINUTE },
        options
      );
      expect(result.events.map((event) => event.kind)).toEqual(['fired', 'resolved', 'fired', 'resolved']);
    });

    it('continues an episode open at the end of one run in the next run, through saved state', () => {
      const first = evaluateAlerts(
        emptyAlertState(),
        { target, outcomes: points([false, 0.8, false, false]), nowMs: T0 + 4 * MINUTE },
        options
      );
      expect(first.events.map((event) => event.kind)).toEqual(['fired']);
      expect(first.alerts[0].annotations.peak_value).toBe('80');
      expect(first.alerts[0].annotations).not.toHaveProperty('episode_end');
      const saved = parseAlertState(JSON.parse(JSON.stringify(first.state)));

      const second = evaluateAlerts(
        saved,
        { target, outcomes: points([0.95, false, false, false, false, false], 4), nowMs: T0 + 10 * MINUTE },
        options
      );
      expect(second.events.map((event) => event.kind)).toEqual(['resolved']);
      expect(second.alerts).toHaveLength(1);
      const [resolved] = second.alerts;
      expect(resolved.startsAt).toBe(new Date(T0 + MINUTE).toISOString());
      expect(resolved.endsAt).toBe(new Date(T0 + 5 * MINUTE).toISOString());
      expect(resolved.annotations).toMatchObject({
        peak_value: '95',
        peak_at: new Date(T0 + 4 * MINUTE).toISOString(),
      });
    });
  });

  it('fires only after forPoints consecutive anomalous points, starting at the first of them', () => {
    const options = { ...DEFAULT_LIFECYCLE_OPTIONS, forPoints: 3 };
    const { runs } = runPoints([true, true, false, true, true, true], options);
    expect(runs.map((run) => run.alerts.length)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(runs[0].events.map((event) => event.kind)).toEqual(['pending']);
    expect(runs[5].alerts[0].startsAt).toBe(new Date(T0 + 3 * MINUTE).toISOString());
  });

  it('waits for resolveAfterPoints normal points before resolving', () => {
    const options = { ...DEFAULT_LIFECYCLE_OPTIONS, resolveAfterPoints: 2 };
    const { runs } = runPoints([true, false, true, false, false], options);
    const firing = runs.map((run, i) => firingCount(run, T0 + i * MINUTE + 30_000));
    expect(firing).toEqual([1, 1, 1, 1, 0]);
    expect(runs[4].events.map((event) => event.kind)).toEqual(['resolved']);
  });

  it('holds the state of a flapping series after 3 changes in 10 minutes, marks it, and lets go once it settles', () => {
    const flips = [true, false, true, false, true, false];
    const { state, runs } = runPoints(flips);
    const firing = runs.map((run, i) => firingCount(run, T0 + i * MINUTE + 30_000));
    // fire, resolve, fire are allowed; the 4th change (resolve) is held, and so is everything after it.
    expect(firing).toEqual([1, 0, 1, 1, 1, 1]);
    expect(runs[3].events.map((event) => event.kind)).toEqual(['flapping']);
    expect(runs[3].alerts[0].annotations.flapping).toBe('true');
    expect(runs[3].alerts[0].startsAt).toBe(new Date(T0 + 2 * MINUTE).toISOString());

    const calm = Array.from({ length: 11 }, () => false);
    const after = runPoints(calm, DEFAULT_LIFECYCLE_OPTIONS, state, flips.length);
    const kinds = after.runs.map((run) => run.events.map((event) => event.kind).join(','));
    const settledAt = kinds.findIndex((kind) => kind === 'settled,resolved');
    // The last change was at minute 5; ten minutes without a change later it settles and resolves, ending where
    // the series was last back to normal (minute 5).
    expect(settledAt + flips.length).toBe(15);
    expect(after.runs[settledAt].alerts).toHaveLength(1);
    expect(Date.parse(after.runs[settledAt].alerts[0].endsAt)).toBe(T0 + 5 * MINUTE);
  });

  it('holds a resolved state too: a flapping series does not fire until it settles', () => {
    const options = { ...DEFAULT_LIFECYCLE_OPTIONS, flapping: { maxChanges: 2, windowMs: 10 * MINUTE } };
    const { runs } = runPoints([true, false, true, true, true], options);
    expect(runs.map((run, i) => firingCount(run, T0 + i * MINUTE + 30_000))).toEqual([1, 0, 0, 0, 0]);
    expect(runs[2].events.map((event) => event.kind)).toEqual(['flapping']);
    expect(runs[3].alerts).toEqual([]);
  });

  it('honours a configured flapping limit', () => {
    const options = { ...DEFAULT_LIFECYCLE_OPTIONS, flapping: { maxChanges: 1, windowMs: 10 * MINUTE } };
    const { runs } = runPoints([true, false, true], options);
    expect(runs.map((run, i) => firingCount(run, T0 + i * MINUTE + 30_000))).toEqual([1, 1, 1]);
    expect(runs[1].events.map((event) => event.kind)).toEqual(['flapping']);
  });

  it('sends one alert for the same identity reported twice in a run', () => {
    const reordered = { job: 'node', instance: 'web-1', __name__: 'node_cpu' };
    const result = evaluateAlerts(emptyAlertState(), {
      target,
      outcomes: [
        outcome(T0, true),
        outcome(T0, true, reordered),
        outcome(T0, false),
        outcome(T0, true, { ...seriesLabels, instance: 'web-2' }),
      ],
      nowMs: T0 + 30_000,
    });
    expect(result.alerts.map((alert) => alert.labels.instance).sort()).toEqual(['web-1', 'web-2']);
    expect(Object.keys(result.state.entries)).toHaveLength(2);
  });

  it('never counts a point twice when runs overlap', () => {
    const options = { ...DEFAULT_LIFECYCLE_OPTIONS, forPoints: 2 };
    const run: AlertRun = { target, outcomes: [outcome(T0, true)], nowMs: T0 + 30_000 };
    const first = evaluateAlerts(emptyAlertState(), run, options);
    const again = evaluateAlerts(first.state, { ...run, nowMs: T0 + 60_000 }, options);
    expect(again.alerts).toEqual([]);
    expect(again.state.entries[alertIdentity('cpu', seriesLabels)].streak).toBe(1);
  });

  it("evaluates a lagging series from its own last evaluated point, behind the detector's watermark", () => {
    const lagging = { ...seriesLabels, instance: 'web-9' };
    // Run 1: web-1 scored up to T0; web-9's samples arrive late, so it was scored up to T0 - 3m only.
    const first = evaluateAlerts(emptyAlertState(), {
      target,
      outcomes: [outcome(T0, false), outcome(T0 - 3 * MINUTE, false, lagging)],
      nowMs: T0 + 30_000,
    });
    expect(first.state.watermarks.cpu).toBe(T0);
    expect(first.state.evaluatedAt.cpu).toBe(T0 + 30_000);
    const lastScored: Record<string, number> = { 'web-1': T0, 'web-9': T0 - 3 * MINUTE };
    const second: AlertRun = {
      target,
      outcomes: [
        outcome(T0 + MINUTE, false),
        ...[-2, -1, 0].map((minutes) => outcome(T0 + minutes * MINUTE, true, lagging)),
        outcome(T0 + MINUTE, false, lagging),
      ],
      nowMs: T0 + MINUTE + 30_000,
      lastEvaluated: (labels) => lastScored[labels.instance],
    };
    const late = evaluateAlerts(first.state, second);
    expect(late.events.map((event) => [event.kind, event.atMs])).toEqual([
      ['fired', T0 - 2 * MINUTE],
      ['resolved', T0 + MINUTE],
    ]);
    expect(late.alerts.map((alert) => alert.startsAt)).toEqual([new Date(T0 - 2 * MINUTE).toISOString()]);
    // Without it, the points at or before the watermark are taken as seen.
    expect(evaluateAlerts(first.state, { ...second, lastEvaluated: undefined }).events).toEqual([]);
    // The same points again (the next run's overlap) are not evaluated twice.
    lastScored['web-9'] = T0 + MINUTE;
    expect(evaluateAlerts(late.state, { ...second, nowMs: T0 + 2 * MINUTE }).events).toEqual([]);
    // A state saved before evaluatedAt existed loads without it.
    expect(parseAlertState({ version: 1, entries: {}, watermarks: { cpu: T0 } }).evaluatedAt).toEqual({});
  });

  it('processes several new points of one series in time order within one run', () => {
    const result = evaluateAlerts(
      emptyAlertState(),
      {
        target,
        outcomes: [outcome(T0 + 2 * MINUTE, true), outcome(T0, true), outcome(T0 + MINUTE, true)],
        nowMs: T0 + 3 * MINUTE,
      },
      { ...DEFAULT_LIFECYCLE_OPTIONS, forPoints: 3 }
    );
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0].startsAt).toBe(new Date(T0).toISOString());
  });

  it('sends an anomaly that began and ended between two runs once, already resolved at the end of its episode', () => {
    const points = [false, true, true, false, false].map((anomalous, i) => outcome(T0 + i * MINUTE, anomalous));
    const firstRunAt = T0 + 5 * MINUTE;
    const first = evaluateAlerts(emptyAlertState(), { target, outcomes: points, nowMs: firstRunAt });
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0].startsAt).toBe(new Date(T0 + MINUTE).toISOString());
    expect(first.alerts[0].endsAt).toBe(new Date(T0 + 3 * MINUTE).toISOString());
    expect(first.alerts[0].annotations.value).toBe('97');
    expect(first.events.map((event) => event.kind)).toEqual(['fired', 'resolved']);

    const second = evaluateAlerts(first.state, {
      target,
      outcomes: [outcome(T0 + 9 * MINUTE, false)],
      nowMs: T0 + 10 * MINUTE,
    });
    expect(second.alerts).toHaveLength(0);
  });

  it('ends a short episode that fired twice within one run at its last resolve', () => {
    const flags = [true, false, true, false];
    const points = flags.map((anomalous, i) => outcome(T0 + i * MINUTE, anomalous));
    const result = evaluateAlerts(
      emptyAlertState(),
      { target, outcomes: points, nowMs: T0 + 5 * MINUTE },
      { ...DEFAULT_LIFECYCLE_OPTIONS, flapping: { maxChanges: 10, windowMs: 10 * MINUTE } }
    );
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0].startsAt).toBe(new Date(T0).toISOString());
    expect(result.alerts[0].endsAt).toBe(new Date(T0 + 3 * MINUTE).toISOString());
  });

  it('does not send a short anomaly of a muted series', () => {
    const points = [true, false].map((anomalous, i) => outcome(T0 + i * MINUTE, anomalous));
    const mutes = [{ matchers: parseMatchers('instance="web-1"'), untilMs: T0 + 60 * MINUTE }];
    const result = evaluateAlerts(emptyAlertState(), { target, outcomes: points, nowMs: T0 + 2 * MINUTE, mutes });
    expect(result.alerts).toHaveLength(0);
    expect(result.events.map((event) => event.kind)).toContain('muted');
  });

  it('does not send muted alerts but keeps their lifecycle, and sends again when the mute ends', () => {
    const mutes = [
      { matchers: parseMatchers('{instance=~"web-.*", severity!="critical"}'), untilMs: T0 + 10 * MINUTE },
    ];
    const muted = evaluateAlerts(emptyAlertState(), {
      target,
      outcomes: [outcome(T0, true)],
      nowMs: T0 + 30_000,
      mutes,
    });
    expect(muted.alerts).toEqual([]);
    expect(muted.events.map((event) => event.kind)).toEqual(['fired', 'muted']);
    const unmuted = evaluateAlerts(muted.state, {
      target,
      outcomes: [outcome(T0 + MINUTE, true)],
      nowMs: T0 + 11 * MINUTE,
      mutes,
    });
    expect(unmuted.alerts).toHaveLength(1);
    expect(unmuted.alerts[0].startsAt).toBe(new Date(T0).toISOString());
  });

  it('does not resolve what it never sent, but resolves what went out before a mute', () => {
    const mutes = [{ matchers: parseMatchers('vigil_detector="cpu"') }];
    const mutedRun = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0, mutes });
    const clearedWhileMuted = evaluateAlerts(mutedRun.state, {
      target,
      outcomes: [outcome(T0 + MINUTE, false)],
      nowMs: T0 + MINUTE,
      mutes,
    });
    expect(clearedWhileMuted.alerts).toEqual([]);

    const sent = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0 });
    const mutedLater = evaluateAlerts(sent.state, {
      target,
      outcomes: [outcome(T0 + MINUTE, true)],
      nowMs: T0 + MINUTE,
      mutes,
    });
    expect(mutedLater.alerts).toEqual([]);
    const cleared = evaluateAlerts(mutedLater.state, {
      target,
      outcomes: [outcome(T0 + 2 * MINUTE, false)],
      nowMs: T0 + 2 * MINUTE,
      mutes,
    });
    expect(cleared.alerts).toHaveLength(1);
    expect(Date.parse(cleared.alerts[0].endsAt)).toBe(T0 + 2 * MINUTE);
  });

  it('resolves the old label set when the alert labels change (e.g. severity edited)', () => {
    const first = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0 });
    const critical = { ...target, severity: 'critical' };
    const second = evaluateAlerts(first.state, {
      target: critical,
      outcomes: [outcome(T0 + MINUTE, true)],
      nowMs: T0 + MINUTE,
    });
    expect(second.alerts.map((alert) => [alert.labels.severity, Date.parse(alert.endsAt) > T0 + MINUTE])).toEqual([
      ['warning', false],
      ['critical', true],
    ]);
  });

  it('keeps re-sending a firing series that is briefly missing, and resolves it once it is gone', () => {
    const first = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0 });
    const briefly = evaluateAlerts(first.state, { target, outcomes: [], nowMs: T0 + 5 * MINUTE });
    expect(firingCount(briefly, T0 + 5 * MINUTE)).toBe(1);
    const gone = evaluateAlerts(briefly.state, { target, outcomes: [], nowMs: T0 + 15 * MINUTE });
    expect(gone.alerts).toHaveLength(1);
    expect(Date.parse(gone.alerts[0].endsAt)).toBe(T0 + 15 * MINUTE);
    expect(gone.events.map((event) => event.kind)).toEqual(['gone']);
  });

  it('leaves other detectors alone', () => {
    const first = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0 });
    const other = evaluateAlerts(first.state, {
      target: { ...target, detector: 'memory' },
      outcomes: [],
      nowMs: T0 + 60 * MINUTE,
    });
    expect(other.alerts).toEqual([]);
    expect(other.state.entries).toEqual(first.state.entries);
  });

  it('retires the detectors that no longer run: resolves what went out firing, drops their state, keeps the rest', () => {
    const other = { ...target, detector: 'mem' };
    const calm = { ...seriesLabels, instance: 'web-2' };
    let state = evaluateAlerts(emptyAlertState(), {
      target,
      outcomes: [outcome(T0, true), outcome(T0, false, calm)],
      nowMs: T0 + 30_000,
    }).state;
    state = evaluateAlerts(state, { target: other, outcomes: [outcome(T0, true)], nowMs: T0 + 30_000 }).state;
    const nowMs = T0 + 5 * MINUTE;
    const retired = retireDetectors(state, (detector) => detector === 'mem', nowMs, target.appUrl);
    expect(retired.resolved).toEqual(new Map([['cpu', 1]]));
    expect(retired.alerts).toHaveLength(1);
    expect(retired.alerts[0]).toMatchObject({
      labels: { vigil_detector: 'cpu', instance: 'web-1', severity: 'warning' },
      startsAt: new Date(T0).toISOString(),
      endsAt: new Date(nowMs).toISOString(),
    });
    expect(Object.values(retired.state.entries).map((entry) => entry.detector)).toEqual(['mem']);
    expect(retired.state.watermarks).toEqual({ mem: T0 });
    expect(retired.state.evaluatedAt).toEqual({ mem: T0 + 30_000 });
    // Nothing to retire: the same state back.
    expect(retireDetectors(retired.state, () => true, nowMs)).toEqual({
      state: retired.state,
      alerts: [],
      resolved: new Map(),
    });
  });

  it('does not modify the state it was given', () => {
    const first = evaluateAlerts(emptyAlertState(), { target, outcomes: [outcome(T0, true)], nowMs: T0 });
    const snapshot = JSON.stringify(first.state);
    evaluateAlerts(first.state, { target, outcomes: [outcome(T0 + MINUTE, false)], nowMs: T0 + MINUTE });
    expect(JSON.stringify(first.state)).toBe(snapshot);
  });

  it('keeps state only for series that need it', () => {
    const outcomes = Array.from({ length: 1000 }, (_, i) =>
      outcome(T0, i === 7, { __name__: 'up', instance: `host-${i}` })
    );
    const result = evaluateAlerts(emptyAlertState(), { target, outcomes, nowMs: T0 });
    expect(Object.keys(result.state.entries)).toHaveLength(1);
    expect(JSON.stringify(result.state).length).toBeLessThan(1500);
  });

  it('round-trips its state through JSON, NaN included', () => {
    const withoutBand = { ...outcome(T0, true), expected: Number.NaN, lower: Number.NaN, upper: Number.NaN };
    const result = evaluateAlerts(emptyAlertState(), { target, outcomes: [withoutBand], nowMs: T0 });
    const restored = parseAlertState(JSON.parse(JSON.stringify(result.state)));
    expect(restored).toEqual(result.state);
    const next = evaluateAlerts(restored, { target, outcomes: [], nowMs: T0 + MINUTE });
    expect(next.alerts[0].annotations.expected).toBe('NaN');
    expect(next.alerts[0].annotations.summary).not.toContain('expected');
  });

  it('rejects corrupt or foreign state with a message naming the problem', () => {
    expect(() => parseAlertState({ version: 7, entries: {}, watermarks: {} })).toThrow(
      'alert state has version 7, expected 1'
    );
    expect(() => parseAlertState({ version: 1, entries: { x: { detector: 3 } }, watermarks: {} })).toThrow(
      /alert state is corrupt at entries\.x\.detector/
    );
    expect(() => parseAlertState('garbage')).toThrow(/alert state is corrupt/);
  });
});
