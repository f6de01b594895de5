import pino from 'pino';
import { PrometheusClient } from '../../clients';
import { fakeFetch, rangeAnswer } from '../../clients/fakeFetch';
import { detectRun } from './detectRun';
import { engineAdapter } from './engineAdapter';
import { loadDetectorTestConfig } from './loadDetectorTestConfig';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);

describe('detectRun with samples that arrive late', () => {
  it("alerts on a series' late anomalous points behind the detector's newest point, once", async () => {
    const { config } = loadDetectorTestConfig('default');
    // `lagging`'s samples after NOW - 2m are not there yet at the first run; they come, at 400, by the second, which
    // re-reads from a step before the detector's newest point (NOW).
    let arrived = false;
    const value = (instance: string) => (t: number) =>
      instance === 'lagging' && t > NOW - 2 * MINUTE && t <= NOW
        ? arrived
          ? '400'
          : 'NaN'
        : String(50 + Math.sin(t / 3_600_000));
    const fake = fakeFetch((call) => ({
      status: 200,
      body: rangeAnswer(
        call.url,
        MINUTE,
        ['steady', 'lagging'].map((instance) => ({ metric: { __name__: 'load', instance }, value: value(instance) }))
      ),
    }));
    const prometheus = new PrometheusClient({ baseUrl: 'http://prom.test', fetch: fake.fetch, retry: { attempts: 1 } });
    const run = (nowMs: number) =>
      detectRun({
        config,
        shard: { index: 0, count: 1 },
        log: pino({ level: 'silent' }),
        engine: engineAdapter,
        clients: { prometheus, prometheusTarget: 'prom.test' },
        nowMs,
      });

    expect((await run(NOW)).events).toEqual([]);
    arrived = true;
    const late = await run(NOW + 2 * MINUTE);
    expect(late.detectors[0]).toMatchObject({ ok: true, anomalies: 2 });
    expect(late.events.map((event) => [event.kind, event.seriesLabels.instance, event.atMs])).toEqual([
      ['fired', 'lagging', NOW - MINUTE],
    ]);
    expect(late.alerts.map((alert) => [alert.labels.instance, alert.startsAt])).toEqual([
      ['lagging', new Date(NOW - MINUTE).toISOString()],
    ]);
    const next = await run(NOW + 3 * MINUTE);
    expect(next.events).toEqual([]);
    expect(next.alerts.map((alert) => alert.startsAt)).toEqual([new Date(NOW - MINUTE).toISOString()]);
  });
});
