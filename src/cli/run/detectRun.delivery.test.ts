import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Alert } from '../../alerting';
import { type AlertmanagerClient, PrometheusClient } from '../../clients';
import { fakeFetch, rangeAnswer } from '../../clients/fakeFetch';
import { detectRun } from './detectRun';
import { engineAdapter } from './engineAdapter';
import { loadDetectorTestConfig } from './loadDetectorTestConfig';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);

/** A range answer holding one series, at 400 (far outside its usual 49..51) from NOW - 2m on. */
function answer(url: string): string {
  return rangeAnswer(url, MINUTE, [
    {
      metric: { __name__: 'load', instance: 'spiky' },
      value: (t) => String(t >= NOW - 2 * MINUTE ? 400 : 50 + Math.sin(t / 3_600_000)),
    },
  ]);
}

function setUp() {
  const { dir, config } = loadDetectorTestConfig('default', ['alertmanager_url: http://am.test']);
  const fake = fakeFetch((call) => ({ status: 200, body: answer(call.url) }));
  const prometheus = new PrometheusClient({ baseUrl: 'http://prom.test', fetch: fake.fetch, retry: { attempts: 1 } });
  const run = (
    alertmanager: Pick<AlertmanagerClient, 'postAlerts'> | undefined,
    nowMs: number,
    extra: Partial<Parameters<typeof detectRun>[0]> = {}
  ) =>
    detectRun({
      config,
      shard: { index: 0, count: 1 },
      log: pino({ level: 'silent' }),
      engine: engineAdapter,
      clients: { prometheus, prometheusTarget: 'prom.test', alertmanager: alertmanager as AlertmanagerClient },
      nowMs,
      ...extra,
    });
  return { state: join(dir, 'state'), run };
}

function queuedInstances(state: string): string[] {
  const outbox = JSON.parse(readFileSync(join(state, 'outbox.json'), 'utf8')) as {
    data: { entries: Array<{ alert: Alert }> };
  };
  return outbox.data.entries.map((entry) => entry.alert.labels.instance);
}

describe('detectRun delivery', () => {
  it('has the alerts on disk before it delivers them, so a run killed during delivery leaves them to the next', async () => {
    const { state, run } = setUp();
    const atDelivery = join(state, '..', 'at-delivery');
    let queuedWhenPosted: string[] = [];
    const dying = {
      postAlerts: async () => {
        // What a run killed here (SIGKILL, an eviction) leaves behind, but for its lock, which the next run would
        // take over from a dead process (this one is alive).
        cpSync(state, atDelivery, { recursive: true, filter: (path) => !path.endsWith('.lock') });
        queuedWhenPosted = queuedInstances(state);
        throw new Error('killed');
      },
    };
    const delivering = { postAlerts: async () => undefined };
    expect((await run(delivering, NOW - 5 * MINUTE)).detectors[0]).toMatchObject({ ok: true, refitted: 1 });
    expect((await run(dying, NOW)).events.map((event) => event.kind)).toContain('fired');
    expect(queuedWhenPosted).toEqual(['spiky']);
    expect(existsSync(join(atDelivery, 'alerts.json'))).toBe(true);

    rmSync(state, { recursive: true });
    cpSync(atDelivery, state, { recursive: true });
    const received: Alert[] = [];
    const next = await run({ postAlerts: async (alerts: Alert[]) => void received.push(...alerts) }, NOW + MINUTE);
    expect(next.exitCode).toBe(0);
    expect(received.map((alert) => [alert.labels.instance, Date.parse(alert.endsAt) > NOW + MINUTE])).toContainEqual([
      'spiky',
      true,
    ]);
    expect(queuedInstances(state)).toEqual([]);
  });

  it('warns that alerts have nowhere to go without a channel, but not when they are off on purpose', async () => {
    const warnings = async (alertsOff: boolean) => {
      const { run } = setUp();
      const lines: string[] = [];
      const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
      await run(undefined, NOW - 5 * MINUTE, { log, alertsOff });
      const report = await run(undefined, NOW, { log, alertsOff });
      expect(report.events.map((event) => event.kind)).toContain('fired');
      return lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    };
    expect(await warnings(false)).toContain(
      'alerts produced but neither alertmanager_url nor slack_webhook_url is set'
    );
    expect(await warnings(true)).toEqual([]);
  });
});
