import { resolve } from 'node:path';
import { parseFlags } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { demoTable, DEMO_SPEC, HIT_TOLERANCE_MS, runOfflineDemo } from '../demo/offlineDemo';
import { writeHtmlReport } from '../report/htmlReport';
import { engineAdapter } from '../run/engineAdapter';

const USAGE = `Usage: vigil demo [--out DIR]

Runs the default detector over Vigil's built-in, deterministic, labelled server-like metrics (daily
seasonality and noise, a spike, a level shift, a slow leak, a flapping series, an outage; 7 days at 1
minute): fits on the first 2 days, scores the other 5, runs the alert lifecycle, prints a summary table
and writes an HTML report with a PNG plot per series. Needs no Prometheus.

For the full loop against real servers (Debian prometheus, prometheus-alertmanager and
prometheus-pushgateway installed):
  npm run demo -- --stack

Options:
  --out DIR   where to write the report (default: ./vigil-demo-report)
  -h, --help  this help`;

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the default detector over built-in labelled metrics; print a summary, write an HTML report',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags('demo', argv, { out: { type: 'string' } });
    const directory = resolve(flags.out ?? 'vigil-demo-report');
    const started = performance.now();
    const results = runOfflineDemo(engineAdapter);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const rows = results.map((entry) => entry.row);
    const file = writeHtmlReport(directory, {
      title: 'Vigil demo: built-in server metrics',
      subtitle: `${DEMO_SPEC.name}; fitted on 2 days, scored 5 days at 1 minute; generated ${new Date().toISOString()}`,
      sections: [
        {
          heading: 'Summary',
          text: `A labelled window counts as hit when a point inside it (or up to ${HIT_TOLERANCE_MS / 60_000} minutes after it) is flagged; an alert is false when it fires outside every window.`,
          table: {
            columns: ['scenario', 'instance', 'points', 'flagged', 'windows hit', 'alerts', 'false alerts'],
            rows: rows.map((row) => [
              row.scenario,
              row.instance,
              row.points,
              row.flagged,
              `${row.windowsHit}/${row.windows}`,
              row.alerts,
              row.falseAlerts,
            ]),
          },
          plots: [],
        },
        ...results.map(({ series, result }) => ({
          heading: `${series.scenario}: ${series.labels.__name__}{instance="${series.labels.instance}"}`,
          text: series.description,
          plots: [
            {
              caption: `${series.scenario} ${series.labels.instance}`,
              plot: {
                title: `${series.labels.__name__} (${series.scenario})`,
                timestamps: result.timestamps,
                values: result.values,
                lower: result.lower,
                upper: result.upper,
                detections: result.anomalies,
                windows: series.anomalyWindows,
              },
            },
          ],
        })),
      ],
    });
    const flagged = rows.reduce((sum, row) => sum + row.flagged, 0);
    const hit = rows.reduce((sum, row) => sum + row.windowsHit, 0);
    const windows = rows.reduce((sum, row) => sum + row.windows, 0);
    const falseAlerts = rows.reduce((sum, row) => sum + row.falseAlerts, 0);
    process.stdout.write(
      `Vigil demo: ${DEMO_SPEC.name} over ${rows.length} built-in series (${seconds} s)\n\n${demoTable(rows)}\n\n` +
        `${flagged} points flagged; ${hit}/${windows} labelled windows hit; ${falseAlerts} false alert(s).\n` +
        `Report: ${file}\n`
    );
    return EXIT_OK;
  },
};
