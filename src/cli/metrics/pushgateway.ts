import { EXPOSITION_CONTENT_TYPE } from './exposition';

function groupingPath(grouping: Record<string, string>): string {
  return Object.entries(grouping)
    .map(([name, value]) => {
      // A value with "/" (or an empty one) must be base64url-encoded in the path.
      if (value === '' || value.includes('/')) {
        return `/${name}@base64/${Buffer.from(value).toString('base64url') || '='}`;
      }
      return `/${name}/${encodeURIComponent(value)}`;
    })
    .join('');
}

/**
 * Replaces the metric group `job` + grouping labels on a Pushgateway with `body` (HTTP PUT), so each
 * detector and shard keeps exactly its own latest run metrics.
 */
export async function pushToGateway(
  baseUrl: string,
  job: string,
  grouping: Record<string, string>,
  body: string,
  timeoutMs = 10_000
): Promise<void> {
  const url = `${baseUrl.replace(/\/+$/, '')}/metrics/job/${encodeURIComponent(job)}${groupingPath(grouping)}`;
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'Content-Type': EXPOSITION_CONTENT_TYPE },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    const text = (await response.text()).slice(0, 300);
    throw new Error(`Pushgateway ${baseUrl} answered ${response.status}: ${text}`);
  }
}
