// `npm run demo` (after build:cli): the offline demo by default; with `--stack`, the full loop against the
// Debian Prometheus, Alertmanager and Pushgateway: backfill the demo history ending now, run `vigil detect`,
// show the alerts Alertmanager holds, stop the servers. Lives in scripts/ because src/ must not import tests/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { generateServerMetrics } from '../src/engine/synthetic/serverMetrics';
import { startStack } from '../tests/stack';

const CLI = resolve('dist-cli/vigil.js');
const MINUTE = 60_000;

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  status: { state: string };
}

function vigil(args: string[]): number {
  const result = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
  return result.status ?? 1;
}

async function stackDemo(): Promise<number> {
  const endMs = Math.floor(Date.now() / MINUTE) * MINUTE;
  const history = generateServerMetrics({ endMs });
  // A live incident: the spike scenario's latest sample jumps, so an alert is firing right now.
  const spike = history.find((series) => series.scenario === 'spike')!;
  spike.values[spike.values.length - 1] += 2500;

  process.stdout.write('Starting Prometheus (backfilling 7 days of demo metrics), Alertmanager and Pushgateway...\n');
  const started = performance.now();
  const stack = await startStack({ history });
  const work = mkdtempSync(join(tmpdir(), 'vigil-demo-stack-'));
  try {
    process.stdout.write(
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
    process.stdout.write(`$ vigil detect --config ${configFile}\n`);
    const exitCode = vigil(['detect', '--config', configFile]);
    process.stdout.write(
      `\nvigil detect exited with ${exitCode}\n\nAlerts in Alertmanager (${stack.alertmanager.url}/api/v2/alerts):\n`
    );
    const alerts = (await (await fetch(`${stack.alertmanager.url}/api/v2/alerts`)).json()) as AmAlert[];
    if (alerts.length === 0) {
      process.stdout.write('  (none)\n');
    }
    for (const alert of alerts) {
      process.stdout.write(
        `  [${alert.status.state}] ${alert.labels.alertname} severity=${alert.labels.severity} since ${alert.startsAt}\n    ${alert.annotations.summary}\n`
      );
    }
    const pushed = await (await fetch(`${stack.pushgateway.url}/metrics`)).text();
    const runMetrics = pushed
      .split('\n')
      .filter((line) => /^vigil_(series_scored_total|anomalies_total|run_errors_total)\{/.test(line));
    process.stdout.write(`\nRun metrics in the Pushgateway:\n${runMetrics.map((line) => `  ${line}`).join('\n')}\n`);
    return exitCode;
  } finally {
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
    process.stdout.write('\nServers stopped.\n');
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--stack')) {
    return stackDemo();
  }
  return vigil(['demo', ...args]);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
);
