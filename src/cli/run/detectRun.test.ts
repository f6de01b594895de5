import pino from 'pino';
import { PrometheusClient } from '../../clients';
import { fakeFetch, rangeAnswer } from '../../clients/fakeFetch';
import { detectRun } from './detectRun';
import { engineAdapter } from './engineAdapter';
import { loadDetectorTestConfig } from './loadDetectorTestConfig';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);

/** A range answer with a regular "good" series and a "bad" one holding one unreadable sample. */
function answer(url: string): string {
  return rangeAnswer(
    url,
    MINUTE,
    ['good', 'bad'].map((instance) => ({
      metric: { __name__: 'load', instance },
      value: (t, end) => (t === end && instance === 'bad' ? '0x1A' : String(50 + Math.sin(t / 3_600_000))),
    }))
  );
}

/** One run of a seasonal baseline over the fake Prometheus' two series (see answer), with its log lines. */
async function runOnce() {
  const { config } = loadDetectorTestConfig('seasonal_baseline');
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const fake = fakeFetch((call) => ({ status: 200, body: answer(call.url) }));
  const prometheus = new PrometheusClient({ baseUrl: 'http://prom.test', fetch: fake.fetch, retry: { attempts: 1 } });
  const report = await detectRun({
    config,
    shard: { index: 0, count: 1 },
    log,
    engine: engineAdapter,
    clients: { prometheus, prometheusTarget: 'prom.test' },
    nowMs: NOW,
  });
  return { report, lines };
}

describe('detectRun', () => {
  it('leaves out only the series with an unparsable sample, logging it and counting it as an error', async () => {
    const { report, lines } = await runOnce();

    expect(report.detectors[0]).toMatchObject({ ok: true, seriesScored: 1 });
    expect(report.exitCode).toBe(1);
    expect(report.errors).toEqual([
      expect.stringMatching(
        /^detector load: series .*bad.* left out: Prometheus query_range: unexpected response: sample \d+ of .* is \[\d+,"0x1A"\]/
      ),
    ]);
    expect(lines.some((line) => line.msg === 'series left out of this run' && line.level === 50)).toBe(true);
  });

  it('reports its timings in whole milliseconds, however many parts each sums', async () => {
    // The clock advances 1, 2, 3, ... ms between readings, so the parts differ: summed as rounded seconds, the
    // state's were 0.041999999999999996.
    let clockMs = 0;
    let calls = 0;
    const clock = jest.spyOn(performance, 'now').mockImplementation(() => (clockMs += ++calls));
    try {
      const { report } = await runOnce();
      for (const [name, seconds] of Object.entries(report.timings)) {
        expect({ name, seconds }).toEqual({ name, seconds: Math.round(seconds * 1000) / 1000 });
      }
      expect(report.timings.stateS).toBeGreaterThan(0);
    } finally {
      clock.mockRestore();
    }
  });
});
