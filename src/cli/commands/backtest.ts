import { renameSync, writeFileSync } from 'node:fs';
import { parseFlags } from '../args';
import { EXIT_OK, EXIT_USAGE, UserError, type CliCommand } from '../command';
import { defaultRunSpec, loadDetectorSpecFile } from '../backtest/detectorFile';
import { formatBacktest } from '../backtest/formatBacktest';
import { htmlReport, type PlotData } from '../backtest/htmlReport';
import { readNabCorpus } from '../backtest/nabCorpus';
import { progressBar } from '../backtest/progressBar';
import { runBacktest } from '../backtest/runBacktest';

const USAGE = `Usage: vigil backtest --corpus DIR [--detector detector.yaml] [--only TEXT] [--json] [--html report.html]

Runs a detector causally over a labelled corpus in NAB's layout and reports how it would have done:
per file and overall, NAB scores for the standard, reward_low_FP_rate and reward_low_FN_rate profiles (one
global threshold per profile, swept over the corpus), event-wise precision/recall (a labelled window counts once
however many alerts it holds), time to detect, alerts per week and flaps at the detector's own threshold.

Corpus layout: DIR/data/<category>/<file>.csv (timestamp,value) with DIR/labels/combined_windows.json
and/or DIR/labels/combined_labels.json (NAB's label files; windows are derived from points when only labels exist).

Options:
  --corpus DIR        the corpus folder (e.g. a checkout of NAB, or tests/fixtures/nab)
  --detector FILE     a detector spec in YAML (default: Vigil's default detector)
  --only TEXT         only files whose "<category>/<file>.csv" name contains TEXT
  --json              print the full report as JSON on stdout instead of the tables
  --html FILE         also write an HTML report with a plot per file (series, band, detections, labelled windows)
  -h, --help          this help`;

const OPTIONS = {
  corpus: { type: 'string' },
  detector: { type: 'string' },
  only: { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
} as const;

export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'Backtest a detector on a labelled corpus (NAB layout): NAB profiles, event P/R, alerts/week, flaps',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags('backtest', argv, OPTIONS);
    if (!flags.corpus) {
      throw new UserError(`backtest: --corpus is required.\n\n${USAGE}`, EXIT_USAGE);
    }
    const spec = flags.detector ? loadDetectorSpecFile(flags.detector) : defaultRunSpec();
    const only = flags.only;
    const corpus = readNabCorpus(flags.corpus, only ? (name) => name.includes(only) : undefined);
    if (corpus.length === 0) {
      throw new UserError(`${flags.corpus}: no data files${only ? ` matching "${only}"` : ''}`);
    }
    const plots: PlotData[] = [];
    const bar = progressBar(process.stderr, 'backtest');
    const report = runBacktest(
      spec,
      corpus,
      (done, total, name) => bar.update(done, total, name),
      flags.html
        ? (file, result) =>
            plots.push({
              name: file.name,
              timestamps: file.series.timestamps,
              values: file.series.values,
              lower: result.lower,
              upper: result.upper,
              detections: result.anomalies,
              windows: file.windows.map((w) => [file.series.timestamps[w.start], file.series.timestamps[w.end]]),
            })
        : undefined
    );
    bar.done();
    if (flags.html) {
      const temporary = `${flags.html}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, htmlReport(report, plots));
        renameSync(temporary, flags.html);
      } catch (error) {
        throw new UserError(`${flags.html}: cannot write the HTML report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatBacktest(report)}\n`);
    if (flags.html && !flags.json) {
      process.stdout.write(`HTML report: ${flags.html}\n`);
    }
    return EXIT_OK;
  },
};
