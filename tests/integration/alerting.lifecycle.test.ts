import {
  type AlertState,
  type AlertTarget,
  DEFAULT_LIFECYCLE_OPTIONS,
  type DetectionOutcome,
  deliveryOrder,
  emptyAlertState,
  emptyOutbox,
  enqueue,
  evaluateAlerts,
  markDelivered,
  markFailed,
  type MuteRule,
  type Outbox,
  parseAlertState,
  parseMatchers,
} from '../../src/alerting';
import { EPISODE_LIFECYCLE_OPTIONS } from '../../src/cli/run/episodeLifecycle';
import { AlertmanagerClient, type AlertmanagerAlert } from '../../src/clients';
import { type ServerHandle, stackUrls, startAlertmanager } from '../stack';

import { eventually } from './eventually';

const MINUTE = 60_000;

let counter = 0;
function newTarget(): AlertTarget {
  return {
    detector: `alerting-test-${process.pid}-${Date.now()}-${counter++}`,
    severity: 'warning',
    appUrl: 'http://grafana.test/a/vigil-anomaly-app',
  };
}

function outcome(labels: Record<string, string>, timestamp: number, anomalous: boolean): DetectionOutcome {
  return {
    labels,
    timestamp,
    anomalous,
    score: anomalous ? 0.9 : 0.1,
    value: anomalous ? 500 : 100,
    expected: 100,
    lower: 80,
    upper: 120,
    explanation: anomalous ? 'far above the band' : null,
  };
}

/** One run as the CLI does it: evaluate, queue behind what is left, deliver oldest first, keep what failed. */
async function run(
  client: AlertmanagerClient,
  state: AlertState,
  outbox: Outbox,
  target: AlertTarget,
  outcomes: DetectionOutcome[],
  nowMs: number,
  mutes: MuteRule[] = [],
  options = DEFAULT_LIFECYCLE_OPTIONS
): Promise<{ state: AlertState; outbox: Outbox; error?: string }> {
  const evaluated = evaluateAlerts(state, { target, outcomes, nowMs, mutes }, options);
  const queued = enqueue(outbox, evaluated.alerts, nowMs);
  const pending = deliveryOrder(queued);
  try {
    await client.postAlerts(pending);
    return { state: evaluated.state, outbox: markDelivered(queued, pending) };
  } catch (error) {
    return {
      state: evaluated.state,
      outbox: markFailed(queued, (error as Error).message),
      error: (error as Error).message,
    };
  }
}

describe('alert lifecycle against a real Alertmanager', () => {
  const series = { __name__: 'demo_http_error_ratio', instance: 'api-2', job: 'vigil-demo' };

  it('fires, keeps firing while re-sent, and resolves when the anomaly clears', async () => {
    const client = new AlertmanagerClient({ baseUrl: stackUrls().alertmanager });
    const target = newTarget();
    const byDetector = { matchers: [`vigil_detector="${target.detector}"`] };
    const t0 = Date.now() - 10 * MINUTE;
    let step = await run(client, emptyAlertState(), emptyOutbox(), target, [outcome(series, t0, true)], Date.now());
    const [fired] = await eventually(
      () => client.getAlerts(byDetector),
      (alerts) => alerts.length === 1
    );
    expect(fired.labels).toMatchObject({
      alertname: 'VigilAnomaly',
      vigil_detector: target.detector,
      severity: 'warning',
      metric: 'demo_http_error_ratio',
      instance: 'api-2',
    });
    expect(Date.parse(fired.startsAt)).toBe(t0);

    step = await run(client, step.state, step.outbox, target, [outcome(series, t0 + MINUTE, true)], Date.now());
    const [still] = await eventually(
      () => client.getAlerts(byDetector),
      (alerts) => alerts.length === 1 && alerts[0].updatedAt !== fired.updatedAt
    );
    expect(still.fingerprint).toBe(fired.fingerprint);
    expect(Date.parse(still.startsAt)).toBe(t0);

    step = await run(client, step.state, step.outbox, target, [outcome(series, t0 + 2 * MINUTE, false)], Date.now());
    await eventually(
      () => client.getAlerts(byDetector),
      (alerts) => alerts.length === 0
    );
    expect(step.outbox.entries).toEqual([]);
  });

  it('sends one alert for an episode whose flags blink across two runs, with its start and peak, and resolves it where the series was back', async () => {
    const client = new AlertmanagerClient({ baseUrl: stackUrls().alertmanager });
    const target = newTarget();
    const byDetector = { matchers: [`vigil_detector="${target.detector}"`] };
    const t0 = Date.now() - 20 * MINUTE;
    const points = (flags: Array<number | false>, from: number) =>
      flags.map((flag, i) =>
        flag === false
          ? outcome(series, t0 + (from + i) * MINUTE, false)
          : { ...outcome(series, t0 + (from + i) * MINUTE, true), score: flag, value: 1000 * flag }
      );
    const options = EPISODE_LIFECYCLE_OPTIONS;
    // Run 1 ends two normal points after a flag: the episode is still open and its state is saved as JSON.
    let step = await run(
      client,
      emptyAlertState(),
      emptyOutbox(),
      target,
      points([0.8, false, false], 0),
      Date.now(),
      [],
      options
    );
    const [fired] = await eventually(
      () => client.getAlerts(byDetector),
      (alerts) => alerts.length === 1
    );
    expect(Date.parse(fired.startsAt)).toBe(t0);
    expect(fired.annotations).toMatchObject({ episode_start: new Date(t0).toISOString(), peak_value: '800' });
    const saved = parseAlertState(JSON.parse(JSON.stringify(step.state)));

    // Run 2: a stronger flag within the gap joins the same episode (same alert, new peak), then ten normal points end it.
    step = await run(client, saved, step.outbox, target, points([0.95, false, false], 3), Date.now(), [], options);
    const [still] = await eventually(
      () => client.getAlerts(byDetector),
      (alerts) => alerts.length === 1 && alerts[0].annotations.peak_value === '950'
    );
    expect(still.fingerprint).toBe(fired.fingerprint);
    expect(Date.parse(still.startsAt)).toBe(t0);
    expect(still.annotations.peak_at).toBe(new Date(t0 + 3 * MINUTE).toISOString());

    const evaluated = evaluateAlerts(
      step.state,
      { target, outcomes: points(new Array<false>(8).fill(false), 6), nowMs: Date.now() },
      options
    );
    expect(evaluated.events.map((event) => event.kind)).toEqual(['resolved']);
    expect(evaluated.alerts.map((alert) => [alert.startsAt, alert.endsAt, alert.annotations.episode_end])).toEqual([
      [new Date(t0).toISOString(), new Date(t0 + 4 * MINUTE).toISOString(), new Date(t0 + 4 * MINUTE).toISOString()],
    ]);
    await client.postAlerts(evaluated.alerts);
    await eventually(
      () => client.getAlerts(byDetector),
      (alerts) => alerts.length === 0
    );
  });

  it('keeps a flapping series firing (marked) instead of resolving and re-firing it', async () => {
    const client = new AlertmanagerClient({ baseUrl: stackUrls().alertmanager });
    const target = newTarget();
    const byDetector = { matchers: [`vigil_detector="${target.detector}"`] };
    let state = emptyAlertState();
    let outbox = emptyOutbox();
    const seen: AlertmanagerAlert[][] = [];
    const pointTimes: number[] = [];
    for (let i = 0; i < 8; i++) {
      // Points at wall-clock time, a few ms apart: all eight fall within one flapping window.
      await new Promise((resolve) => setTimeout(resolve, 5));
      pointTimes.push(Date.now());
      ({ state, outbox } = await run(
        client,
        state,
        outbox,
        target,
        [outcome(series, pointTimes[i], i % 2 === 0)],
        Date.now()
      ));
      seen.push(await client.getAlerts(byDetector));
    }
    // fire, resolve, fire are sent; from the 4th change on the alert is held firing.
    expect(seen.map((alerts) => alerts.length)).toEqual([1, 0, 1, 1, 1, 1, 1, 1]);
    expect(seen[7][0].annotations.flapping).toBe('true');
    expect(Date.parse(seen[7][0].startsAt)).toBe(pointTimes[2]);
  });

  it('does not send muted alerts', async () => {
    const client = new AlertmanagerClient({ baseUrl: stackUrls().alertmanager });
    const target = newTarget();
    const mutes = [
      {
        matchers: parseMatchers(`{vigil_detector="${target.detector}", instance=~"api-.*"}`),
        untilMs: Date.now() + 60 * MINUTE,
      },
    ];
    const t0 = Date.now() - MINUTE;
    const other = { ...series, instance: 'web-7' };
    await run(
      client,
      emptyAlertState(),
      emptyOutbox(),
      target,
      [outcome(series, t0, true), outcome(other, t0, true)],
      Date.now(),
      mutes
    );
    const alerts = await eventually(
      () => client.getAlerts({ matchers: [`vigil_detector="${target.detector}"`] }),
      (found) => found.length >= 1
    );
    expect(alerts.map((alert) => alert.labels.instance)).toEqual(['web-7']);
  });

  describe('with an Alertmanager that goes down', () => {
    let alertmanager: ServerHandle;
    afterEach(async () => {
      await alertmanager?.stop();
    });

    it('keeps undelivered alerts in the outbox and delivers each exactly once when it is back', async () => {
      alertmanager = await startAlertmanager();
      const url = alertmanager.url;
      await alertmanager.stop();
      const down = new AlertmanagerClient({ baseUrl: url, timeoutMs: 500, retry: { attempts: 2, baseDelayMs: 50 } });
      const target = newTarget();
      const t0 = Date.now() - 10 * MINUTE;
      const a = { ...series, instance: 'a' };
      const b = { ...series, instance: 'b' };
      let step = await run(
        down,
        emptyAlertState(),
        emptyOutbox(),
        target,
        [outcome(a, t0, true), outcome(b, t0, true)],
        Date.now()
      );
      expect(step.error).toContain('cannot connect (ECONNREFUSED)');
      step = await run(
        down,
        step.state,
        step.outbox,
        target,
        [outcome(a, t0 + MINUTE, false), outcome(b, t0 + MINUTE, true)],
        Date.now()
      );
      // a: fired, then resolved while down -> its firing alert and the resolve are both kept (Alertmanager must
      // see it firing before it sees it resolved); b: the newest firing alert. Two failed attempts so far.
      const queued = step.outbox.entries.map((entry) => [
        entry.alert.labels.instance,
        Date.parse(entry.alert.endsAt) > Date.now(),
        entry.attempts,
      ]);
      expect(queued.sort()).toEqual([
        ['a', false, 1],
        ['a', true, 2],
        ['b', true, 2],
      ]);

      alertmanager = await startAlertmanager();
      const up = new AlertmanagerClient({ baseUrl: alertmanager.url });
      step = await run(up, step.state, step.outbox, target, [], Date.now());
      expect(step.error).toBeUndefined();
      expect(step.outbox.entries.map((entry) => entry.alert.labels.instance)).toEqual(['a']);
      const alerts = await eventually(
        () => up.getAlerts({ matchers: [`vigil_detector="${target.detector}"`] }),
        (found) => found.length === 2
      );
      expect(alerts.map((alert) => alert.labels.instance).sort()).toEqual(['a', 'b']);
      // The next run delivers a's resolve; a re-send of b changes nothing in Alertmanager (same fingerprint).
      step = await run(up, step.state, step.outbox, target, [], Date.now());
      expect(step.outbox.entries).toEqual([]);
      const again = await eventually(
        () => up.getAlerts({ matchers: [`vigil_detector="${target.detector}"`] }),
        (found) => found.length === 1
      );
      expect(again.map((alert) => alert.fingerprint)).toEqual(
        alerts.filter((alert) => alert.labels.instance === 'b').map((alert) => alert.fingerprint)
      );
    }, 30_000);
  });
});
