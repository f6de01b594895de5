import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  parseWebhookPayload,
  type ActionRecord,
  type ActionsResponse,
  type WebhookPayload,
} from '../../alerting/remediation';
import type { Logger } from '../log';
import { EXPOSITION_CONTENT_TYPE } from '../metrics/exposition';
import type { MetricsRegistry } from '../metrics/registry';
import { type Decision, ReceiverStopping } from './remediationService';

export const WEBHOOK_PATH = '/webhook';
export const ACTIONS_PATH = '/api/v1/actions';

export interface ReceiverOptions {
  host: string;
  port: number;
  /** Undefined: no token required (refused at startup unless --insecure-no-token). */
  bearerToken: string | undefined;
  maxBodyBytes: number;
  metrics: MetricsRegistry;
  /** Sets the gauges read from the state, just before /metrics is rendered. */
  updateGauges: () => void;
  log: Logger;
  handle: (payload: WebhookPayload) => Promise<Decision[]>;
  recentActions: () => ActionRecord[];
  health: () => Record<string, unknown>;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function authorized(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) {
    return true;
  }
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

const DEFAULT_ACTIONS_LIMIT = 100;
const MAX_ACTIONS_LIMIT = 500;

const ALLOWED_METHODS: Record<string, string[]> = {
  [WEBHOOK_PATH]: ['POST'],
  [ACTIONS_PATH]: ['GET', 'HEAD'],
  '/metrics': ['GET', 'HEAD'],
  '/healthz': ['GET', 'HEAD'],
};

/** A query parameter the receiver cannot read: answered 400 with this message. */
export class QueryError extends Error {}

/**
 * The answer of GET /api/v1/actions: newest first, only the alert's with `?fingerprint=`, at most `?limit=`
 * (default 100). A limit that is not a whole number from 1 to 500, or an empty fingerprint, is a QueryError.
 */
export function selectActions(recent: ActionRecord[], params: URLSearchParams): ActionRecord[] {
  const given = params.get('limit');
  if (given !== null && !(/^[1-9][0-9]*$/.test(given) && Number(given) <= MAX_ACTIONS_LIMIT)) {
    throw new QueryError(`limit: expected a whole number from 1 to ${MAX_ACTIONS_LIMIT}, got ${JSON.stringify(given)}`);
  }
  const limit = given === null ? DEFAULT_ACTIONS_LIMIT : Number(given);
  const fingerprint = params.get('fingerprint');
  if (fingerprint === '') {
    throw new QueryError('fingerprint: empty; leave it out for every alert');
  }
  const matching = fingerprint === null ? recent : recent.filter((record) => record.fingerprint === fingerprint);
  return matching.slice(-limit).reverse();
}

function answerActions(response: ServerResponse, recent: ActionRecord[], params: URLSearchParams): void {
  try {
    const answer: ActionsResponse = { actions: selectActions(recent, params) };
    json(response, 200, answer);
  } catch (error) {
    if (!(error instanceof QueryError)) {
      throw error;
    }
    json(response, 400, { error: error.message });
  }
}

/**
 * `vigil remediate`'s HTTP server: POST /webhook (Alertmanager webhook v4, bearer token, size limit),
 * GET /api/v1/actions (recent actions, newest first; bearer token too), /metrics and /healthz.
 */
export function startReceiver(options: ReceiverOptions): Promise<Server> {
  const { metrics, log } = options;
  const count = (result: string) => metrics.inc('vigil_remediation_notifications_total', { result });

  async function webhook(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!authorized(request.headers.authorization, options.bearerToken)) {
      count('unauthorized');
      response.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        count('too_large');
        json(response, 413, { error: `body over ${options.maxBodyBytes} bytes` });
        request.resume();
        return;
      }
      throw error;
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(body.toString('utf8'));
    } catch {
      count('invalid');
      json(response, 400, { error: 'body is not JSON' });
      return;
    }
    const { payload, error } = parseWebhookPayload(parsedJson);
    if (!payload) {
      count('invalid');
      json(response, 400, { error: `not an Alertmanager webhook v4 payload: ${error}` });
      return;
    }
    count('accepted');
    if (payload.truncatedAlerts > 0) {
      metrics.inc('vigil_remediation_truncated_alerts_total', {}, payload.truncatedAlerts);
      log.warn(
        { groupKey: payload.groupKey, truncatedAlerts: payload.truncatedAlerts, received: payload.alerts.length },
        `Alertmanager left ${payload.truncatedAlerts} alerts out of the notification (max_alerts of the webhook config): no activity sees them`
      );
    }
    let decisions: Decision[];
    try {
      decisions = await options.handle(payload);
    } catch (error) {
      if (!(error instanceof ReceiverStopping)) {
        throw error;
      }
      json(response, 503, { error: error.message });
      return;
    }
    json(response, 200, { decisions });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://receiver');
    const allowed = ALLOWED_METHODS[url.pathname];
    if (allowed && !allowed.includes(request.method ?? '')) {
      response.writeHead(405, { Allow: allowed.join(', ') }).end();
      return;
    }
    // HEAD is answered as GET is, without the body (node's http leaves it out).
    const route = `${request.method === 'HEAD' ? 'GET' : request.method} ${url.pathname}`;
    const handled = (async () => {
      switch (route) {
        case `POST ${WEBHOOK_PATH}`:
          return webhook(request, response);
        case `GET ${ACTIONS_PATH}`:
          if (!authorized(request.headers.authorization, options.bearerToken)) {
            response.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
            return;
          }
          return answerActions(response, options.recentActions(), url.searchParams);
        case 'GET /metrics':
          options.updateGauges();
          response.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE }).end(metrics.render());
          return;
        case 'GET /healthz':
          return json(response, 200, { status: 'ok', ...options.health() });
        default:
          json(response, 404, { error: `not found: ${WEBHOOK_PATH}, ${ACTIONS_PATH}, /metrics, /healthz` });
      }
    })();
    handled.catch((error: Error) => {
      log.error({ error: error.message, route }, 'request failed');
      if (!response.headersSent) {
        json(response, 500, { error: error.message });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** How often a closing receiver ends the connections that have gone idle. */
const IDLE_CHECK_MS = 100;

/**
 * Stops accepting connections and resolves once every open one has ended: each as soon as it is idle, the rest
 * cut `graceMs` after `busy` settles (the actions under way, whose answers must not be cut). (close() alone ends
 * only the connections idle at that moment; one busy with a request would stay open for keep-alive after
 * answering it, until the grace.)
 */
export function closeReceiver(
  server: Server,
  graceMs: number,
  busy: Promise<unknown> = Promise.resolve()
): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), IDLE_CHECK_MS);
    let grace: NodeJS.Timeout | undefined;
    const startGrace = () => {
      grace = setTimeout(() => server.closeAllConnections(), graceMs);
      grace.unref();
    };
    busy.then(startGrace, startGrace);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(grace);
      resolve();
    });
  });
}
