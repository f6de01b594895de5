import type { WebhookAlert } from '../../alerting/remediation';

/** POSTs the alert (as Alertmanager sent it) and the activity's name to the activity's URL. */
export async function postAlert(
  url: string,
  alert: WebhookAlert,
  activity: string,
  timeoutMs: number
): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ activity, alert }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer();
  if (!response.ok) {
    throw new Error(`POST ${new URL(url).origin}: HTTP ${response.status}`);
  }
  return `POST ${new URL(url).origin}: HTTP ${response.status}`;
}
