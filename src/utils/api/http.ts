import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Same-origin JSON request to Grafana's HTTP API; the response is validated against `schema`. */
export async function requestJson<T>(url: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      credentials: 'same-origin',
      ...init,
      headers: {
        Accept: 'application/json',
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  } catch (error) {
    throw new ApiError(`${init.method ?? 'GET'} ${url} failed: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ApiError(
      `${init.method ?? 'GET'} ${url} answered ${response.status}: ${summarise(text)}`,
      response.status
    );
  }
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    throw new ApiError(`${init.method ?? 'GET'} ${url} did not answer JSON: ${summarise(text)}`, response.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(
      `${init.method ?? 'GET'} ${url} answered an unexpected shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`
    );
  }
  return parsed.data;
}

function summarise(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine || '(empty body)';
}
