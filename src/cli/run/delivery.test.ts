import { type Alert, emptyOutbox, enqueue, type Outbox } from '../../alerting';
import { AlertDeliveryError, type AlertmanagerClient, ClientError, type SlackWebhookClient } from '../../clients';
import { deliverAlerts } from './delivery';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const FIRING_FOR = 900_000;

function alert(instance: string, endsAtMs: number): Alert {
  return {
    labels: { alertname: 'VigilAnomaly', vigil_detector: 'cpu', severity: 'warning', instance },
    annotations: { summary: `cpu on ${instance}` },
    startsAt: new Date(NOW - 60_000).toISOString(),
    endsAt: new Date(endsAtMs).toISOString(),
    generatorURL: '',
  };
}

function fakeAlertmanager(failAfter = Number.POSITIVE_INFINITY) {
  const received: Alert[] = [];
  const client = {
    postAlerts: async (alerts: Alert[]) => {
      const accepted = alerts.slice(0, Math.min(alerts.length, failAfter));
      received.push(...accepted);
      if (accepted.length < alerts.length) {
        throw new AlertDeliveryError(
          new ClientError('Alertmanager post alerts: HTTP 503', 'Alertmanager post alerts', 'http', 503),
          accepted.length,
          alerts.length
        );
      }
    },
  };
  return { client: client as unknown as AlertmanagerClient, received };
}

function queued(alerts: Alert[], nowMs: number, outbox: Outbox = emptyOutbox()): Outbox {
  return enqueue(outbox, alerts, nowMs);
}

describe('deliverAlerts', () => {
  it('delivers queued alerts before new ones and empties the outbox', async () => {
    const first = fakeAlertmanager(0);
    const failed = await deliverAlerts(queued([alert('a', NOW + 900_000)], NOW), NOW, FIRING_FOR, {
      alertmanager: first.client,
    });
    expect(failed).toMatchObject({ delivered: 0, channel: 'alertmanager', error: expect.stringContaining('503') });
    expect(failed.outbox.entries).toHaveLength(1);

    const second = fakeAlertmanager();
    const delivered = await deliverAlerts(
      queued([alert('b', NOW + 960_000)], NOW + 60_000, failed.outbox),
      NOW + 60_000,
      FIRING_FOR,
      {
        alertmanager: second.client,
      }
    );
    expect(delivered.delivered).toBe(2);
    expect(delivered.error).toBeUndefined();
    expect(second.received.map((item) => item.labels.instance)).toEqual(['a', 'b']);
    expect(delivered.outbox.entries).toEqual([]);
  });

  it('keeps exactly the alerts a partly failed delivery did not get through', async () => {
    const partial = fakeAlertmanager(1);
    const result = await deliverAlerts(
      queued([alert('a', NOW + 900_000), alert('b', NOW + 900_000)], NOW),
      NOW,
      FIRING_FOR,
      {
        alertmanager: partial.client,
      }
    );
    expect(result.delivered).toBe(1);
    expect(result.outbox.entries.map((entry) => entry.alert.labels.instance)).toEqual([
      partial.received[0].labels.instance === 'a' ? 'b' : 'a',
    ]);
    expect(result.outbox.entries[0].attempts).toBe(1);
  });

  it('counts in its error every queued alert, the resolve held back behind its undelivered firing alert too', async () => {
    const down = fakeAlertmanager(0);
    const firing = alert('a', NOW + FIRING_FOR);
    const outbox = queued([alert('a', NOW + 60_000)], NOW + 2 * 60_000, queued([firing], NOW));
    const result = await deliverAlerts(outbox, NOW + 2 * 60_000, FIRING_FOR, { alertmanager: down.client });
    expect(result.error).toBe('Alertmanager post alerts: HTTP 503 (0 of 2 queued alerts delivered)');
    expect(result.outbox.entries).toHaveLength(2);
    expect(result.outbox.entries[0].lastError).toBe(result.error);

    const slack = {
      postMessage: async () => {
        throw new ClientError('Slack webhook: HTTP 500', 'Slack webhook', 'http', 500);
      },
    } as unknown as SlackWebhookClient;
    expect((await deliverAlerts(outbox, NOW + 2 * 60_000, FIRING_FOR, { slack })).error).toBe(
      'Slack webhook: HTTP 500 (0 of 2 queued alerts delivered)'
    );
  });

  it('posts one Slack message when there is no Alertmanager, and keeps the outbox as it is when there is no channel', async () => {
    const messages: unknown[] = [];
    const slack = {
      postMessage: async (payload: unknown) => void messages.push(payload),
    } as unknown as SlackWebhookClient;
    const viaSlack = await deliverAlerts(queued([alert('a', NOW + 900_000), alert('b', NOW)], NOW), NOW, FIRING_FOR, {
      slack,
    });
    expect(viaSlack).toMatchObject({ delivered: 2, channel: 'slack' });
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0])).toContain('1 firing, 1 resolved');

    const outbox = queued([alert('a', NOW + 900_000)], NOW);
    const nowhere = await deliverAlerts(outbox, NOW, FIRING_FOR, {});
    expect(nowhere).toMatchObject({ delivered: 0, channel: 'none', outbox });
  });

  it('sends a firing alert whose endsAt passed while Alertmanager was away as firing, then its resolve', async () => {
    const down = fakeAlertmanager(0);
    const firing = alert('a', NOW + FIRING_FOR);
    let outbox = (await deliverAlerts(queued([firing], NOW), NOW, FIRING_FOR, { alertmanager: down.client })).outbox;
    const resolved = alert('a', NOW + 20 * 60_000);
    outbox = queued([resolved], NOW + 25 * 60_000, outbox);

    const backAt = NOW + 3 * 3_600_000;
    const back = fakeAlertmanager();
    const result = await deliverAlerts(outbox, backAt, FIRING_FOR, { alertmanager: back.client });
    expect(back.received).toEqual([{ ...firing, endsAt: new Date(backAt + FIRING_FOR).toISOString() }]);
    expect(result.late).toEqual(back.received);

    const next = fakeAlertmanager();
    const after = await deliverAlerts(result.outbox, backAt + 60_000, FIRING_FOR, { alertmanager: next.client });
    expect(next.received).toEqual([resolved]);
    expect(after).toMatchObject({ late: [], outbox: { entries: [] } });
  });
});
