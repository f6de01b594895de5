import type { WebhookAlert } from '../../alerting/remediation';

/**
 * Why a request got no answer, in one line: fetch's own message ("fetch failed") says nothing without its cause's
 * (ECONNREFUSED, ENOTFOUND, a certificate). The URL is cut to its origin wherever it appears: its credentials or
 * query may hold a token.
 */
function requestFailure(error: unknown, url: string, timeoutMs: number): string {
  const failure = error as Error & { cause?: { code?: unknown; message?: unknown } };
  if (failure.name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  const code = typeof failure.cause?.code === 'string' ? failure.cause.code : '';
  const reason = typeof failure.cause?.message === 'string' ? failure.cause.message : '';
  const cause = [reason, reason.includes(code) ? '' : `(${code})`].filter(Boolean).join(' ');
  const { href, origin } = new URL(url);
  return `${failure.message}${cause ? `: ${cause}` : ''}`.replaceAll(url, origin).replaceAll(href, origin);
}

/** POSTs the alert (as Alertmanager sent it) and the activity's name to the activity's URL. */
export async function postAlert(
  url: string,
  alert: WebhookAlert,
  activity: string,
  timeoutMs: number
): Promise<string> {
  const origin = new URL(url).origin;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ activity, alert }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
  } catch (error) {
    throw new Error(`POST ${origin}: ${requestFailure(error, url, timeoutMs)}`);
  }
  if (!response.ok) {
    throw new Error(`POST ${origin}: HTTP ${response.status}`);
  }
  return `POST ${origin}: HTTP ${response.status}`;
}
