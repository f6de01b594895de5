import { AlertDeliveryError, type AlertmanagerClient, type SlackWebhookClient } from '../../clients';
import {
  type Alert,
  deliveryOrder,
  markDelivered,
  markFailed,
  type Outbox,
  renewExpired,
  slackMessage,
} from '../../alerting';

export interface DeliveryResult {
  outbox: Outbox;
  delivered: number;
  /** Delivered firing alerts whose endsAt had passed in the outbox: sent as firing, with a new endsAt. */
  late: Alert[];
  /** Set when some alerts could not be delivered; they stay in the outbox. */
  error?: string;
  channel: 'alertmanager' | 'slack' | 'none';
}

/**
 * Delivers the outbox (earlier runs' alerts and this run's, queued by AlertJournal), oldest first, to
 * Alertmanager (or Slack when there is no Alertmanager). What fails stays queued. A firing alert whose
 * endsAt passed while it waited is sent as firing until `firingForMs` from now (renewExpired).
 */
export async function deliverAlerts(
  queued: Outbox,
  nowMs: number,
  firingForMs: number,
  sinks: { alertmanager?: AlertmanagerClient; slack?: SlackWebhookClient }
): Promise<DeliveryResult> {
  if (!sinks.alertmanager && !sinks.slack) {
    return { outbox: queued, delivered: 0, late: [], channel: 'none' };
  }
  const { outbox, renewed } = renewExpired(queued, nowMs, firingForMs);
  const pending = deliveryOrder(outbox);
  const result = (delivered: Alert[], channel: 'alertmanager' | 'slack', error?: Error): DeliveryResult => {
    const left = markDelivered(outbox, delivered);
    // Counted against the whole outbox: a resolve held back behind its firing alert waits too.
    const message =
      error &&
      `${error instanceof AlertDeliveryError ? error.reason : error.message} ` +
        `(${delivered.length} of ${outbox.entries.length} queued alerts delivered)`;
    return {
      outbox: message ? markFailed(left, message) : left,
      delivered: delivered.length,
      late: renewed.filter((alert) => delivered.includes(alert)),
      channel,
      ...(message && { error: message }),
    };
  };
  if (pending.length === 0) {
    return result([], sinks.alertmanager ? 'alertmanager' : 'slack');
  }
  if (sinks.alertmanager) {
    try {
      await sinks.alertmanager.postAlerts(pending);
      return result(pending, 'alertmanager');
    } catch (error) {
      const delivered = error instanceof AlertDeliveryError ? pending.slice(0, error.delivered) : [];
      return result(delivered, 'alertmanager', error as Error);
    }
  }
  try {
    await sinks.slack!.postMessage(slackMessage(pending, nowMs));
    return result(pending, 'slack');
  } catch (error) {
    return result([], 'slack', error as Error);
  }
}
