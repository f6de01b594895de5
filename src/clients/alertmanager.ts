import { type z } from 'zod';
import type { Alert } from '../alerting/alert';
import { formatMatcher, type LabelMatcher } from '../alerting/matchers';
import { ClientError, mayHaveReachedServer } from './errors';
import { HttpClient, type HttpClientOptions } from './http';
import {
  gettableAlertsSchema,
  type gettableAlertSchema,
  gettableSilenceSchema,
  gettableSilencesSchema,
  type gettableSilenceSchema as silenceSchemaType,
  postSilenceResponseSchema,
  statusSchema,
} from './alertmanagerSchemas';
import { parseJsonResponse } from './validate';

export type AlertmanagerAlert = z.output<typeof gettableAlertSchema>;
export type Silence = z.output<typeof silenceSchemaType>;
export type AlertmanagerStatus = z.output<typeof statusSchema>;

/** A filter matcher: structured, or text such as `alertname="VigilAnomaly"`. */
export type FilterMatcher = LabelMatcher | string;

export interface AlertFilter {
  matchers?: FilterMatcher[];
  /** Alertmanager's defaults are all true. */
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
  receiver?: string;
}

export type TimeInput = Date | number | string;

export interface NewSilence {
  matchers: LabelMatcher[];
  startsAt: TimeInput;
  endsAt: TimeInput;
  createdBy: string;
  comment: string;
}

export interface AlertmanagerClientOptions extends HttpClientOptions {
  /** Alerts per POST (default 500). */
  batchSize?: number;
}

/** Some alerts went out before a batch failed: the first `delivered` of the list were accepted. */
export class AlertDeliveryError extends ClientError {
  /** The failure itself, without the count. */
  readonly reason: string;

  constructor(
    cause: ClientError,
    readonly delivered: number,
    readonly total: number
  ) {
    super(
      `${cause.message} (${delivered} of ${total} alerts delivered)`,
      cause.endpoint,
      cause.kind,
      cause.status,
      cause.attempts
    );
    this.name = 'AlertDeliveryError';
    this.reason = cause.message;
  }
}

/**
 * Alertmanager API v2. The base URL is an Alertmanager (`http://alertmanager:9093`) or Grafana's
 * Alertmanager proxy (`<grafana>/api/alertmanager/<uid>`): both serve the same `/api/v2/...` paths.
 */
export class AlertmanagerClient {
  private readonly http: HttpClient;
  private readonly batchSize: number;

  constructor(options: AlertmanagerClientOptions) {
    this.http = new HttpClient(options, { errorMessageOf: alertmanagerErrorMessage });
    this.batchSize = Math.max(1, options.batchSize ?? 500);
  }

  /** Posts alerts in batches; on failure throws AlertDeliveryError saying how many went out first. */
  async postAlerts(alerts: Alert[], signal?: AbortSignal): Promise<void> {
    for (let first = 0; first < alerts.length; first += this.batchSize) {
      const batch = alerts.slice(first, first + this.batchSize);
      try {
        await this.http.request({
          method: 'POST',
          path: '/api/v2/alerts',
          endpoint: 'Alertmanager post alerts',
          body: JSON.stringify(batch),
          contentType: 'application/json',
          signal,
        });
      } catch (error) {
        if (error instanceof ClientError) {
          throw new AlertDeliveryError(error, first, alerts.length);
        }
        throw error;
      }
    }
  }

  async getAlerts(filter: AlertFilter = {}, signal?: AbortSignal): Promise<AlertmanagerAlert[]> {
    const endpoint = 'Alertmanager list alerts';
    const response = await this.http.request({
      method: 'GET',
      path: '/api/v2/alerts',
      endpoint,
      query: {
        filter: (filter.matchers ?? []).map(matcherText),
        active: filter.active,
        silenced: filter.silenced,
        inhibited: filter.inhibited,
        unprocessed: filter.unprocessed,
        receiver: filter.receiver,
      },
      signal,
    });
    return parseJsonResponse(gettableAlertsSchema, response.text, endpoint, this.where(endpoint, '/api/v2/alerts'));
  }

  /**
   * Creates a silence and returns its id. The POST is sent once: when its outcome is unknown (a timeout, a
   * reset connection, a 5xx), Alertmanager is asked whether the silence exists (same matchers, createdBy and
   * comment, not expired) and its id is returned if so; otherwise the error says the outcome was unknown and what
   * the check found.
   */
  async createSilence(silence: NewSilence, signal?: AbortSignal): Promise<string> {
    const endpoint = 'Alertmanager create silence';
    const body: PostableSilence = {
      matchers: silence.matchers.map(({ name, value, isRegex, isEqual }) => ({ name, value, isRegex, isEqual })),
      startsAt: isoTime(silence.startsAt, 'startsAt'),
      endsAt: isoTime(silence.endsAt, 'endsAt'),
      createdBy: silence.createdBy,
      comment: silence.comment,
    };
    try {
      const response = await this.http.request({
        method: 'POST',
        path: '/api/v2/silences',
        endpoint,
        body: JSON.stringify(body),
        contentType: 'application/json',
        signal,
        sendOnce: true,
      });
      return parseJsonResponse(
        postSilenceResponseSchema,
        response.text,
        endpoint,
        this.where(endpoint, '/api/v2/silences')
      ).silenceID;
    } catch (error) {
      if (!mayHaveReachedServer(error)) {
        throw error;
      }
      return this.findCreatedSilence(body, error as ClientError, signal);
    }
  }

  /** After a create whose outcome is unknown: the id of the silence it made, or an error saying none was found. */
  private async findCreatedSilence(wanted: PostableSilence, failure: ClientError, signal?: AbortSignal) {
    const unknown = `${failure.message}; whether the silence was created is unknown`;
    let silences: Silence[];
    try {
      silences = await this.listSilences({}, signal);
    } catch (error) {
      throw new ClientError(
        `${unknown}, and checking Alertmanager for it failed too (${(error as Error).message}): it may still ` +
          `appear, so look for it among the active silences before creating it again`,
        failure.endpoint,
        failure.kind,
        failure.status,
        failure.attempts
      );
    }
    const created = silences.find((silence) => silence.status.state !== 'expired' && isSameSilence(silence, wanted));
    if (created) {
      return created.id;
    }
    throw new ClientError(
      `${unknown}; Alertmanager holds no active silence with these matchers, createdBy "${wanted.createdBy}" ` +
        `and this comment, so it was not created`,
      failure.endpoint,
      failure.kind,
      failure.status,
      failure.attempts
    );
  }

  /** Silences (all states), optionally only those whose matchers cover the filter's label matchers. */
  async listSilences(filter: { matchers?: FilterMatcher[] } = {}, signal?: AbortSignal): Promise<Silence[]> {
    const endpoint = 'Alertmanager list silences';
    const response = await this.http.request({
      method: 'GET',
      path: '/api/v2/silences',
      endpoint,
      query: { filter: (filter.matchers ?? []).map(matcherText) },
      signal,
    });
    return parseJsonResponse(gettableSilencesSchema, response.text, endpoint, this.where(endpoint, '/api/v2/silences'));
  }

  async getSilence(id: string, signal?: AbortSignal): Promise<Silence> {
    const endpoint = 'Alertmanager get silence';
    const path = `/api/v2/silence/${encodeURIComponent(id)}`;
    const response = await this.http.request({ method: 'GET', path, endpoint, signal });
    return parseJsonResponse(gettableSilenceSchema, response.text, endpoint, this.where(endpoint, path));
  }

  /** Expires (ends) a silence now; its alerts become active again. */
  async expireSilence(id: string, signal?: AbortSignal): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      path: `/api/v2/silence/${encodeURIComponent(id)}`,
      endpoint: 'Alertmanager expire silence',
      signal,
    });
  }

  async status(signal?: AbortSignal): Promise<AlertmanagerStatus> {
    const endpoint = 'Alertmanager status';
    const response = await this.http.request({ method: 'GET', path: '/api/v2/status', endpoint, signal });
    return parseJsonResponse(statusSchema, response.text, endpoint, this.where(endpoint, '/api/v2/status'));
  }

  private where(endpoint: string, path: string): string {
    return `${endpoint} (${this.http.url(path)})`;
  }
}

type PostableSilence = Omit<NewSilence, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string };

/** Same matchers (in any order), creator and comment: what identifies a silence Vigil asked for. */
function isSameSilence(silence: Silence, wanted: PostableSilence): boolean {
  const key = ({ name, value, isRegex, isEqual }: LabelMatcher) => JSON.stringify([name, value, isRegex, isEqual]);
  const have = silence.matchers.map(key).sort();
  const want = wanted.matchers.map(key).sort();
  return (
    silence.createdBy === wanted.createdBy &&
    silence.comment === wanted.comment &&
    have.length === want.length &&
    have.every((one, i) => one === want[i])
  );
}

function matcherText(matcher: FilterMatcher): string {
  return typeof matcher === 'string' ? matcher : formatMatcher(matcher);
}

function isoTime(time: TimeInput, name: string): string {
  const date = time instanceof Date ? time : new Date(time);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`silence ${name}: ${JSON.stringify(time)} is not a valid time`);
  }
  return date.toISOString();
}

/** Alertmanager's errors are a JSON string (`"silence not found"`) or `{"code":..,"message":".."}`. */
function alertmanagerErrorMessage(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'string') {
      return parsed;
    }
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as { message?: unknown; error?: unknown };
      const text = record.message ?? record.error;
      return typeof text === 'string' ? text : undefined;
    }
  } catch {
    return body.trim() || undefined;
  }
  return undefined;
}
