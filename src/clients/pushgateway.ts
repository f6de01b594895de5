import { z } from 'zod';
import { base64Url } from './auth';
import { HttpClient, type HttpClientOptions } from './http';
import { parseJsonResponse } from './validate';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Path of a grouping key: `/metrics/job/<job>{/<label>/<value>}`, values with `/` (or empty) in base64 form. */
export function groupingPath(job: string, groupingLabels: Record<string, string> = {}): string {
  if (job === '') {
    throw new RangeError('pushgateway: job must not be empty');
  }
  const parts = [segment('job', job)];
  for (const [name, value] of Object.entries(groupingLabels)) {
    if (!LABEL_NAME.test(name) || name === 'job') {
      throw new RangeError(`pushgateway: invalid grouping label name ${JSON.stringify(name)}`);
    }
    parts.push(segment(name, value));
  }
  return `/metrics/${parts.join('/')}`;
}

function segment(name: string, value: string): string {
  if (value === '') {
    return `${name}@base64/=`;
  }
  if (value.includes('/')) {
    return `${name}@base64/${base64Url(value)}`;
  }
  return `${name}/${encodeURIComponent(value)}`;
}

const groupsSchema = z.object({
  data: z.array(z.object({ labels: z.record(z.string(), z.string()) }).loose()),
});

/** Pushgateway: push a group's metrics (Prometheus text format), list and delete groups. */
export class PushgatewayClient {
  private readonly http: HttpClient;

  constructor(options: HttpClientOptions) {
    this.http = new HttpClient(options, { errorMessageOf: (body) => body.trim() || undefined });
  }

  /**
   * Pushes metrics text to the group job + labels. `replace` (PUT, the default) replaces every metric of
   * the group; otherwise (POST) only metrics with the same names are replaced.
   */
  async push(
    job: string,
    groupingLabels: Record<string, string>,
    metricsText: string,
    options: { replace?: boolean; signal?: AbortSignal } = {}
  ): Promise<void> {
    const body = metricsText.endsWith('\n') ? metricsText : `${metricsText}\n`;
    await this.http.request({
      method: options.replace === false ? 'POST' : 'PUT',
      path: groupingPath(job, groupingLabels),
      endpoint: 'Pushgateway push',
      body,
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      signal: options.signal,
    });
  }

  async deleteGroup(job: string, groupingLabels: Record<string, string> = {}, signal?: AbortSignal): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      path: groupingPath(job, groupingLabels),
      endpoint: 'Pushgateway delete group',
      signal,
    });
  }

  /** The grouping labels (`job` included) of every group the Pushgateway holds. */
  async listGroups(signal?: AbortSignal): Promise<Array<Record<string, string>>> {
    const endpoint = 'Pushgateway list groups';
    const response = await this.http.request({ method: 'GET', path: '/api/v1/metrics', endpoint, signal });
    return parseJsonResponse(groupsSchema, response.text, endpoint, '/api/v1/metrics').data.map(
      (group) => group.labels
    );
  }
}
