import { fakeFetch } from './fakeFetch';
import { SlackWebhookClient } from './slack';

const WEBHOOK = 'https://hooks.slack.test/services/T000/B000/XXXXSECRET';

describe('SlackWebhookClient', () => {
  it('posts the payload as JSON to the webhook', async () => {
    const fake = fakeFetch([{ status: 200, body: 'ok' }]);
    await new SlackWebhookClient({ webhookUrl: WEBHOOK, fetch: fake.fetch }).postMessage({ text: 'hello' });
    expect(fake.calls[0].url).toBe(WEBHOOK);
    expect(fake.calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(fake.calls[0].init.body))).toEqual({ text: 'hello' });
  });

  it('never puts the webhook URL in an error, whatever went wrong', async () => {
    for (const answer of [{ status: 400, body: 'invalid_payload' }, 'network-error' as const, { status: 500 }]) {
      const fake = fakeFetch([answer]);
      const client = new SlackWebhookClient({
        webhookUrl: WEBHOOK,
        fetch: fake.fetch,
        retry: { attempts: 2, baseDelayMs: 1 },
      });
      const error = (await client.postMessage({ text: 'x' }).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^Slack webhook/);
      expect(error.message).not.toContain('SECRET');
      expect(error.message).not.toContain('hooks.slack.test/services');
    }
  });

  it('redacts the URL for logs', () => {
    expect(SlackWebhookClient.redact(WEBHOOK)).toBe('https://hooks.slack.test/…');
  });
});
