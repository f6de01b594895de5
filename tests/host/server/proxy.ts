import type { IncomingMessage, ServerResponse } from 'node:http';

const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'cache-control'];

/**
 * Forwards a request to `target` (an absolute URL with path and query) and streams the answer back;
 * `extraHeaders` are added (a plugin route's Authorization, for instance).
 */
export async function forward(
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
  target: string,
  extraHeaders: Record<string, string> = {}
): Promise<void> {
  const headers = new Headers(extraHeaders);
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') {
      headers.set(name, value);
    }
  }
  const method = request.method ?? 'GET';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
    });
  } catch (error) {
    response.writeHead(502, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ message: `Bad gateway: ${target}: ${(error as Error).message}` }));
    return;
  }
  const responseHeaders: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) {
      responseHeaders[name] = value;
    }
  }
  response.writeHead(upstream.status, responseHeaders);
  response.end(Buffer.from(await upstream.arrayBuffer()));
}
