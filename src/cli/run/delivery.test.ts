import { type Alert, emptyOutbox, enqueue, type Outbox } from '../../alerting';
import { AlertDeliveryError, type AlertmanagerClient, ClientError, type SlackWebhookClient } from '../../clients';
import { deliverAlerts } from './delivery';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

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
    const failed = await deliverAlerts(queued([alert('a', NOW + 900_000)], NOW), NOW, { alertmanager: first.client });
    expect(failed).toMatchObject({ delivered: 0, channel: 'alertmanager', error: expect.stringContaining('503') });
    expect(failed.outbox.entries).toHaveLength(1);

    const second = fakeAlertmanager();
    const delivered = await deliverAlerts(
      queued([alert('b', NOW + 960_000)], NOW + 60_000, failed.outbox),
      NOW + 60_000,
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
    const result = await deliverAlerts(queued([alert('a', NOW + 900_000), alert('b', NOW + 900_000)], NOW), NOW, {
      alertmanager: partial.client,
    });
    expect(result.delivered).toBe(1);
    expect(result.outbox.entries.map((entry) => entry.alert.labels.instance)).toEqual([
      partial.received[0].labels.instance === 'a' ? 'b' : 'a',
    ]);
    expect(result.outbox.entries[0].attempts).toBe(1);
  });

  it('posts one Slack message when there is no Alertmanager, and keeps the outbox as it is when there is no channel', async () => {
    const messages: unknown[] = [];
    const slack = {
      postMessage: async (payload: unknown) => void messages.push(payload),
    } as unknown as SlackWebhookClient;
    const viaSlack = await deliverAlerts(queued([alert('a', NOW + 900_000), alert('b', NOW)], NOW), NOW, { slack });
    expect(viaSlack).toMatchObject({ delivered: 2, channel: 'slack' });
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0])).toContain('1 firing, 1 resolved');

    const outbox = queued([alert('a', NOW + 900_000)], NOW);
    const nowhere = await deliverAlerts(outbox, NOW, {});
    expect(nowhere).toMatchObject({ delivered: 0, channel: 'none', outbox });
  });
});
