import { type Alert } from './alert';
import { isResolved } from './outbox';

/** A Slack incoming-webhook payload: `text` is the fallback, `blocks` the formatted message. */
export interface SlackMessage {
  text: string;
  blocks: Array<{ type: 'section'; text: { type: 'mrkdwn'; text: string } }>;
}

const MAX_BLOCKS = 40;

/** One message for a run's alerts (Slack allows 50 blocks; the rest is counted, not listed). */
export function slackMessage(alerts: Alert[], nowMs: number): SlackMessage {
  const firing = alerts.filter((alert) => !isResolved(alert, nowMs));
  const resolved = alerts.filter((alert) => isResolved(alert, nowMs));
  const headline = [
    firing.length > 0 ? `${firing.length} firing` : '',
    resolved.length > 0 ? `${resolved.length} resolved` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const text = `Vigil anomaly alerts: ${headline || 'none'}`;
  const lines = [...firing.map((alert) => line(alert, 'FIRING')), ...resolved.map((alert) => line(alert, 'RESOLVED'))];
  const shown = lines.slice(0, MAX_BLOCKS);
  const blocks: SlackMessage['blocks'] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${escape(text)}*` } }];
  for (const entry of shown) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: entry } });
  }
  if (lines.length > shown.length) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `_and ${lines.length - shown.length} more_` } });
  }
  return { text, blocks };
}

function line(alert: Alert, status: string): string {
  const summary = escape(alert.annotations.summary ?? alert.labels.alertname ?? 'anomaly');
  const link = alert.generatorURL ? ` <${alert.generatorURL}|open in Vigil>` : '';
  const severity = alert.labels.severity ? ` [${escape(alert.labels.severity)}]` : '';
  const flapping = alert.annotations.flapping === 'true' ? ' (flapping)' : '';
  return `*${status}*${severity} ${summary}${flapping}${link}`;
}

/** Slack's mrkdwn needs &, < and > escaped. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
