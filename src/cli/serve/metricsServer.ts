import { createServer, type Server } from 'node:http';
import { EXPOSITION_CONTENT_TYPE } from '../metrics/exposition';

export interface Health {
  healthy: boolean;
  body: Record<string, unknown>;
}

/** GET /metrics (Prometheus text) and GET /healthz (200 or 503 with a JSON body). */
export function startMetricsServer(
  host: string,
  port: number,
  metrics: () => string,
  health: () => Health
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      response.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE }).end(metrics());
      return;
    }
    if (path === '/healthz') {
      const { healthy, body } = health();
      response.writeHead(healthy ? 200 : 503, { 'Content-Type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: try /metrics or /healthz\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
