import { type Alert, type AlertTarget, buildAlert, parseMatchers } from '../../src/alerting';
import {
  AlertDeliveryError,
  AlertmanagerClient,
  type AlertmanagerAlert,
  ClientError,
  RejectedRequestError,
} from '../../src/clients';
import { stackUrls, startAlertmanager } from '../stack';

import { eventually } from './eventually';

const MINUTE = 60_000;

let unique = 0;
function uniqueDetector(): string {
  return `clients-test-${process.pid}-${Date.now()}-${unique++}`;
}

function anomalyAlert(target: AlertTarget, instance: string, nowMs: number, endsAtMs = nowMs + 15 * MINUTE): Alert {
  return buildAlert(
    target,
    {
      labels: { __name__: 'demo_http_requests_per_second', instance, job: 'vigil-demo' },
      timestamp: nowMs - MINUTE,
      score: 0.97,
      value: 840,
      expected: 120,
      lower: 80,
      upper: 160,
      anomalous: true,
      explanation: 'value 5.3x above the seasonal baseline',
    },
    { startsAtMs: nowMs - MINUTE, endsAtMs }
  );
}

describe('AlertmanagerClient against a real Alertmanager', () => {
  const client = () => new AlertmanagerClient({ baseUrl: stackUrls().alertmanager });

  it('posts alerts and lists them with their labels and annotations', async () => {
    const detector = uniqueDetector();
    const target = { detector, severity: 'critical', appUrl: 'http://grafana.test/a/vigil-anomaly-app' };
    const now = Date.now();
    const alert = anomalyAlert(target, 'web-2', now);
    await client().postAlerts([alert]);
    const [listed] = await eventually(
      () => client().getAlerts({ matchers: [`vigil_detector="${detector}"`] }),
      (alerts) => alerts.length === 1 && alerts[0].status.state === 'active'
    );
    expect(listed.labels).toEqual({
      alertname: 'VigilAnomaly',
      vigil_detector: detector,
      severity: 'critical',
      metric: 'demo_http_requests_per_second',
      instance: 'web-2',
      job: 'vigil-demo',
    });
    expect(listed.annotations).toEqual(alert.annotations);
    expect(listed.annotations.summary).toContain(
      'demo_http_requests_per_second{instance="web-2", job="vigil-demo"} is 840 outside the expected 80..160'
    );
    expect(listed.generatorURL).toBe(
      `http://grafana.test/a/vigil-anomaly-app/alerts?detector=${detector}&search=` +
        encodeURIComponent('instance="web-2" job="vigil-demo" metric="demo_http_requests_per_second"')
    );
    expect(Date.parse(listed.startsAt)).toBe(now - MINUTE);
    expect(Date.parse(listed.endsAt)).toBe(now + 15 * MINUTE);
  });

  it('deduplicates a re-sent alert and keeps it active while re-sends continue', async () => {
    const detector = uniqueDetector();
    const target = { detector, severity: 'warning' };
    const now = Date.now();
    await client().postAlerts([anomalyAlert(target, 'web-1', now)]);
    await client().postAlerts([anomalyAlert(target, 'web-1', now + 1000, now + 20 * MINUTE)]);
    const alerts = await eventually(
      () => client().getAlerts({ matchers: [`vigil_detector="${detector}"`] }),
      (found) => found.length === 1 && Date.parse(found[0].endsAt) === now + 20 * MINUTE
    );
    expect(alerts).toHaveLength(1);
  });

  it('silences an alert, lists the silence, and makes it active again when the silence expires', async () => {
    const detector = uniqueDetector();
    const target = { detector, severity: 'warning' };
    await client().postAlerts([anomalyAlert(target, 'db-1', Date.now()), anomalyAlert(target, 'web-9', Date.now())]);
    const byDetector = { matchers: [`vigil_detector="${detector}"`] };
    await eventually(
      () => client().getAlerts(byDetector),
      (alerts) => alerts.length === 2
    );

    const id = await client().createSilence({
      matchers: parseMatchers(`{vigil_detector="${detector}", instance=~"db-.*"}`),
      startsAt: Date.now(),
      endsAt: Date.now() + 60 * MINUTE,
      createdBy: 'vigil integration test',
      comment: 'maintenance of db-1',
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const stateOf = (alerts: AlertmanagerAlert[], instance: string) =>
      alerts.find((alert) => alert.labels.instance === instance)?.status;
    const silenced = await eventually(
      () => client().getAlerts(byDetector),
      (alerts) => stateOf(alerts, 'db-1')?.state === 'suppressed'
    );
    expect(stateOf(silenced, 'db-1')?.silencedBy).toEqual([id]);
    expect(stateOf(silenced, 'web-9')?.state).toBe('active');
    const activeOnly = await client().getAlerts({ ...byDetector, silenced: false });
    expect(activeOnly.map((alert) => alert.labels.instance)).toEqual(['web-9']);

    const silences = await client().listSilences({ matchers: [`vigil_detector="${detector}"`] });
    expect(silences).toHaveLength(1);
    expect(silences[0]).toMatchObject({
      id,
      status: { state: 'active' },
      createdBy: 'vigil integration test',
      comment: 'maintenance of db-1',
    });
    expect(silences[0].matchers).toEqual([
      { name: 'vigil_detector', value: detector, isRegex: false, isEqual: true },
      { name: 'instance', value: 'db-.*', isRegex: true, isEqual: true },
    ]);

    await client().expireSilence(id);
    await eventually(
      () => client().getAlerts(byDetector),
      (alerts) => stateOf(alerts, 'db-1')?.state === 'active'
    );
    expect((await client().getSilence(id)).status.state).toBe('expired');
  });

  it('drops a resolved alert (endsAt now) from the active alerts', async () => {
    const detector = uniqueDetector();
    const target = { detector, severity: 'warning' };
    const now = Date.now();
    await client().postAlerts([anomalyAlert(target, 'web-4', now)]);
    const byDetector = { matchers: [`vigil_detector="${detector}"`] };
    await eventually(
      () => client().getAlerts(byDetector),
      (alerts) => alerts.length === 1
    );
    await client().postAlerts([anomalyAlert(target, 'web-4', now, Date.now())]);
    await eventually(
      () => client().getAlerts(byDetector),
      (alerts) => alerts.length === 0
    );
  });

  it('quotes Alertmanager when it refuses a request', async () => {
    const silence = client().createSilence({
      matchers: [],
      startsAt: Date.now(),
      endsAt: Date.now() + MINUTE,
      createdBy: 't',
      comment: 'c',
    });
    await expect(silence).rejects.toBeInstanceOf(RejectedRequestError);
    await expect(client().getAlerts({ matchers: ['not a matcher'] })).rejects.toThrow(
      /^Alertmanager list alerts \(http:.*\/api\/v2\/alerts\) answered HTTP 400: .*bad matcher/
    );
    await expect(client().expireSilence('00000000-0000-0000-0000-000000000000')).rejects.toThrow(
      /answered HTTP (404|500): silence not found/
    );
  });

  it('reports how many alerts went out when Alertmanager is gone, within its deadline', async () => {
    const alertmanager = await startAlertmanager();
    await alertmanager.stop();
    const target = { detector: uniqueDetector(), severity: 'warning' };
    const gone = new AlertmanagerClient({
      baseUrl: alertmanager.url,
      timeoutMs: 1_000,
      deadlineMs: 2_000,
      retry: { attempts: 3, baseDelayMs: 100 },
    });
    const error = (await gone
      .postAlerts([anomalyAlert(target, 'a', Date.now())])
      .catch((e: unknown) => e)) as AlertDeliveryError;
    expect(error).toBeInstanceOf(AlertDeliveryError);
    expect(error).toBeInstanceOf(ClientError);
    expect(error.delivered).toBe(0);
    expect(error.message).toBe(
      `Alertmanager post alerts (${alertmanager.url}/api/v2/alerts): cannot connect (ECONNREFUSED) (gave up after 3 attempts) (0 of 1 alerts delivered)`
    );
  });
});
