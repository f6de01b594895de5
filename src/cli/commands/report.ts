import { resolve } from 'node:path';
import { CONFIG_OPTIONS, parseFlags, parseIntegerFlag, resolveShardFlags, SHARD_OPTIONS } from '../args';
import { EXIT_OK, EXIT_PARTIAL_FAILURE, EXIT_USAGE, UserError, type CliCommand } from '../command';
import { loadConfig } from '../config/loadConfig';
import { createLogger } from '../log';
import { detectorSection, leftOutText, reportRange, scoreDay } from '../report/dailyReport';
import { type ReportSection, writeHtmlReport } from '../report/htmlReport';
import { createRunClients } from '../run/clients';
import { engineAdapter } from '../run/engineAdapter';
import { prepareNeuralBackend } from '../neural/neuralBackend';
import { fetchSeriesGrid } from '../run/seriesGrid';
import { inShard } from '../shard';
import { quoteInput } from '../../engine/util/quote';
import { DAY_MS } from '../../engine/seasonal/period';

const USAGE = `Usage: vigil report [--config FILE] [--profile NAME] [--date YYYY-MM-DD] [--out DIR] [--max-plots N]

Daily report: for each detector, queries the day (and the training window before it), fits each series on
the history before the day, scores the day, and writes an HTML page with a table of every series (points,
anomalous points, episodes, max score) and a PNG plot (series, expected band, anomalies) of the most
anomalous series.

Options:
  -c, --config FILE    config file (default: $CONFIG_PATH, else ./config.yaml)
  -p, --profile NAME   overlay profiles.NAME of the config (default: $VIGIL_PROFILE)
      --date DAY       the UTC day to report (default: the 24 hours up to now)
      --out DIR        output directory (default: ./vigil-report-<day>)
      --max-plots N    plots per detector (default: 5)
      --shard-index I / --shard-count N   report one shard's series only
      --log-level LEVEL    fatal, error, warn, info (default), debug, trace, silent
  -h, --help           this help`;

function dayRange(date: string | undefined): { fromMs: number; toMs: number; label: string } {
  if (date === undefined) {
    const toMs = Date.now();
    return { fromMs: toMs - DAY_MS, toMs, label: new Date(toMs).toISOString().slice(0, 10) };
  }
  const fromMs = Date.parse(`${date}T00:00:00Z`);
  // Date.parse takes 2026-02-31 for March 3: only a day that reads back the same is one.
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(fromMs) ||
    new Date(fromMs).toISOString().slice(0, 10) !== date
  ) {
    throw new UserError(
      `report: --date must be a calendar day such as 2026-01-31, got ${quoteInput(date)}`,
      EXIT_USAGE
    );
  }
  return { fromMs, toMs: fromMs + DAY_MS, label: date };
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Write a daily HTML report with a PNG plot per detector',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags('report', argv, {
      ...CONFIG_OPTIONS,
      ...SHARD_OPTIONS,
      date: { type: 'string' },
      out: { type: 'string' },
      'max-plots': { type: 'string' },
    });
    const { fromMs, toMs, label } = dayRange(flags.date);
    const maxPlots = parseIntegerFlag('report', 'max-plots', flags['max-plots'], 0) ?? 5;
    const shard = resolveShardFlags('report', flags, process.env);
    const config = loadConfig(flags.config, { profile: flags.profile });
    const log = createLogger({ level: flags['log-level'] });
    const clients = createRunClients(config);
    const enabled = config.detectors.filter((detector) => detector.enabled);
    await prepareNeuralBackend(enabled, ({ warning }) => {
      if (warning) {
        log.warn(warning);
      }
    });
    const sections: ReportSection[] = [];
    let failures = 0;
    for (const spec of enabled) {
      try {
        const { startMs, endMs, stepMs } = reportRange(spec, fromMs, toMs);
        const seriesList = await fetchSeriesGrid(
          (query, from, to, step) => clients.prometheus.queryRange(query, from, to, step),
          spec.query,
          startMs,
          endMs,
          stepMs,
          (labels) => inShard(labels, shard)
        );
        const minPoints = config.settings.min_points;
        const scored = scoreDay(engineAdapter, spec, seriesList, fromMs, minPoints, log);
        sections.push(detectorSection(spec, scored, maxPlots, minPoints));
        const leftOut = leftOutText(scored, minPoints);
        // Warn when the section is empty for it: "0 series" alone would not say why.
        const level = leftOut && scored.days.length === 0 ? 'warn' : 'info';
        log[level]({ detector: spec.id, series: scored.days.length, leftOut }, 'detector reported');
      } catch (error) {
        failures++;
        log.error({ detector: spec.id, error: (error as Error).message }, 'detector left out of the report');
        sections.push({
          heading: `${spec.name} (${spec.id})`,
          text: `Could not be reported: ${(error as Error).message}`,
          plots: [],
        });
      }
    }
    const file = writeHtmlReport(resolve(flags.out ?? `vigil-report-${label}`), {
      title: `Vigil daily report ${label}`,
      subtitle: `${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()}; ${enabled.length} detector(s); generated ${new Date().toISOString()}`,
      sections,
    });
    process.stdout.write(`Report: ${file}\n`);
    return failures > 0 ? EXIT_PARTIAL_FAILURE : EXIT_OK;
  },
};
