import { AlertDeliveryError, type AlertmanagerClient, type SlackWebhookClient } from '../../clients';
import { deliveryOrder, markDelivered, markFailed, type Outbox, slackMessage } from '../../alerting';

export interface DeliveryResult {
  outbox: Outbox;
  delivered: number;
  /** Set when some alerts could not be delivered; they stay in the outbox. */
  error?: string;
  channel: 'alertmanager' | 'slack' | 'none';
}

/**
 * Delivers the outbox (earlier runs' alerts and this run's, queued by AlertJournal), oldest first, to
 * Alertmanager (or Slack when there is no Alertmanager). What fails stays queued.
 */
export async function deliverAlerts(
  queued: Outbox,
  nowMs: number,
  sinks: { alertmanager?: AlertmanagerClient; slack?: SlackWebhookClient }
): Promise<DeliveryResult> {
  if (!sinks.alertmanager && !sinks.slack) {
    return { outbox: queued, delivered: 0, channel: 'none' };
  }
  let outbox = queued;
  const pending = deliveryOrder(outbox);
  if (pending.length === 0) {
    return { outbox, delivered: 0, channel: sinks.alertmanager ? 'alertmanager' : 'slack' };
  }
  if (sinks.alertmanager) {
    try {
      await sinks.alertmanager.postAlerts(pending);
      return { outbox: markDelivered(outbox, pending), delivered: pending.length, channel: 'alertmanager' };
    } catch (error) {
      const delivered = error instanceof AlertDeliveryError ? pending.slice(0, error.delivered) : [];
      outbox = markFailed(markDelivered(outbox, delivered), (error as Error).message);
      return { outbox, delivered: delivered.length, error: (error as Error).message, channel: 'alertmanager' };
    }
  }
  try {
    await sinks.slack!.postMessage(slackMessage(pending, nowMs));
    return { outbox: markDelivered(outbox, pending), delivered: pending.length, channel: 'slack' };
  } catch (error) {
    return {
      outbox: markFailed(outbox, (error as Error).message),
      delivered: 0,
      error: (error as Error).message,
      channel: 'slack',
    };
  }
}
