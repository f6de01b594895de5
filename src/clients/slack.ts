import { HttpClient, type HttpClientOptions } from './http';

export interface SlackPayload {
  text: string;
  blocks?: unknown[];
}

/** A Slack incoming webhook. Its URL is a secret: errors say "Slack webhook", never the URL. */
export class SlackWebhookClient {
  private readonly http: HttpClient;

  constructor(options: Omit<HttpClientOptions, 'baseUrl'> & { webhookUrl: string }) {
    const { webhookUrl, ...rest } = options;
    this.http = new HttpClient(
      { ...rest, baseUrl: webhookUrl },
      { secretUrl: true, errorMessageOf: (body) => body.trim() || undefined }
    );
  }

  async postMessage(payload: SlackPayload, signal?: AbortSignal): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: '',
      endpoint: 'Slack webhook',
      body: JSON.stringify(payload),
      contentType: 'application/json',
      signal,
    });
  }

  /** The URL without its secret path, for logs: `https://hooks.slack.com/…`. */
  static redact(webhookUrl: string): string {
    const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]+)/i.exec(webhookUrl);
    return match ? `${match[1]}/…` : '(webhook)';
  }
}
