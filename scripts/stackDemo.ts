// `npm run demo -- --stack`: the full loop against the Debian Prometheus, Alertmanager and Pushgateway: backfill the
// demo history ending now with a live incident in its last minutes, run `vigil detect`, show the alerts Alertmanager
// holds and the run metrics the Pushgateway holds, stop the servers.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateServerMetrics } from '../src/engine/synthetic/serverMetrics';
import { startStack } from '../tests/stack';

const MINUTE = 60_000;
/** The live incident: api-2's error ratio (about 1%) reads this for the last LIVE_INCIDENT_MINUTES minutes. */
export const LIVE_ERROR_RATIO = 0.2;
const LIVE_INCIDENT_MINUTES = 3;

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  status: { state: string };
}

/** Runs the built `vigil` at `cli` with `args`, its output passed on to `write`; resolves with its exit code. */
function vigil(cli: string, args: string[], write: (text: string) => void): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => write(chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 1));
  });
}

/**
 * The stack demo with the `vigil` bundle at `cli`, everything it prints passed to `write`; resolves with the exit
 * code of `vigil detect`.
 */
export async function runStackDemo(cli: string, write: (text: string) => void): Promise<number> {
  const endMs = Math.floor(Date.now() / MINUTE) * MINUTE;
  const history = generateServerMetrics({ endMs });
  // A live incident, so that an alert is firing right now: api-2's errors jump from 1% to 20% of its requests.
  const errors = history.find((series) => series.scenario === 'flapping')!;
  errors.values.fill(LIVE_ERROR_RATIO, errors.values.length - LIVE_INCIDENT_MINUTES);

  write('Starting Prometheus (backfilling 7 days of demo metrics), Alertmanager and Pushgateway...\n');
  const started = performance.now();
  const stack = await startStack({ history });
  const work = mkdtempSync(join(tmpdir(), 'vigil-demo-stack-'));
  try {
    write(
      `  prometheus ${stack.prometheus.url}, alertmanager ${stack.alertmanager.url}, pushgateway ${stack.pushgateway.url} ` +
        `(${((performance.now() - started) / 1000).toFixed(1)} s)\n\n`
    );
    const configFile = join(work, 'config.yaml');
    writeFileSync(
      configFile,
      stringify({
        prometheus_url: stack.prometheus.url,
        alertmanager_url: stack.alertmanager.url,
        pushgateway_url: stack.pushgateway.url,
        model_path: join(work, 'state'),
        output_csv: join(work, 'scores.csv'),
        detectors: [
          {
            id: 'demo',
            name: 'Vigil demo (default detector)',
            query: '{job="vigil-demo"}',
            step: '1m',
            trainingWindow: '2d',
            scoringWindow: '1h',
          },
        ],
      })
    );
    write(`$ vigil detect --config ${configFile}\n`);
    const exitCode = await vigil(cli, ['detect', '--config', configFile], write);
    write(
      `\nvigil detect exited with ${exitCode}\n\nAlerts in Alertmanager (${stack.alertmanager.url}/api/v2/alerts):\n`
    );
    const alerts = (await (await fetch(`${stack.alertmanager.url}/api/v2/alerts`)).json()) as AmAlert[];
    if (alerts.length === 0) {
      write('  (none)\n');
    }
    for (const alert of alerts) {
      write(
        `  [${alert.status.state}] ${alert.labels.alertname} severity=${alert.labels.severity} since ${alert.startsAt}\n    ${alert.annotations.summary}\n`
      );
    }
    const pushed = await (await fetch(`${stack.pushgateway.url}/metrics`)).text();
    const runMetrics = pushed
      .split('\n')
      .filter((line) => /^vigil_(series_scored_total|anomalies_total|run_errors_total)\{/.test(line));
    write(`\nRun metrics in the Pushgateway:\n${runMetrics.map((line) => `  ${line}`).join('\n')}\n`);
    return exitCode;
  } finally {
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
    write('\nServers stopped.\n');
  }
}
