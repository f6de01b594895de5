import { parseFlags, parseIntegerFlag, parseRangeFlag } from '../args';
import { EXIT_OK, EXIT_USAGE, UserError, type CliCommand } from '../command';
import { defaultRunSpec, loadDetectorGridFile, loadDetectorSpecFile } from '../backtest/detectorFile';
import { prepareNeuralBackend, stderrWarning } from '../neural/neuralBackend';
import { formatBacktest } from '../backtest/formatBacktest';
import { formatCrossValidation } from '../backtest/formatCrossValidation';
import { runCrossValidation } from '../backtest/runCrossValidation';
import { htmlReport, type PlotData } from '../backtest/htmlReport';
import { PrometheusClient } from '../../clients/prometheus';
import { DAY_MS, parseDuration } from '../../engine';
import { categoryOf } from '../../engine/evaluation';
import { formatAlertBudget } from '../backtest/formatAlertBudget';
import { syntheticAlertBudget, syntheticCorpus } from '../backtest/syntheticCorpus';
import { readNabCorpus, type CorpusFile } from '../backtest/nabCorpus';
import { readPrometheusCorpus } from '../backtest/prometheusCorpus';
import { parseTimestamp } from '../backtest/timestampParse';
import { progressBar } from '../backtest/progressBar';
import { runBacktest } from '../backtest/runBacktest';
import { writeOutputFile } from '../state/outputFile';

const USAGE = `Usage: vigil backtest --corpus DIR [--detector detector.yaml] [--only TEXT] [--json] [--html report.html]
       vigil backtest --corpus DIR --cv category [--detector detector.yaml | --cv-grid grid.yaml] [--only TEXT] [--json]
       vigil backtest --synthetic [--seeds 3 | --seeds 101-200] [--days 14] [--step 1m] [--detector detector.yaml] [--cv category] [--json]
       vigil backtest --prometheus URL --query PROMQL --labels PROMQL --start TIME [--end TIME] [--step 1m] [...]

Runs a detector causally over a labelled corpus in NAB's layout and reports how it would have done:
per file and overall, NAB scores for the standard, reward_low_FP_rate and reward_low_FN_rate profiles (one
global threshold per profile, swept over the corpus), event-wise precision/recall (a labelled window counts once
however many alerts it holds), time to detect, alerts per week and flaps at the detector's own threshold.

Corpus layout: DIR/data/<category>/<file>.csv (timestamp,value) with DIR/labels/combined_windows.json
and/or DIR/labels/combined_labels.json (NAB's label files; windows are derived from points when only labels exist).

Cross-validation (--cv category): leave-one-category-out. For each category of the corpus, the detector (or the
grid point of --cv-grid) and the global threshold of each NAB profile are chosen on the other categories only, and
the held-out category is scored with them. Prints per fold the NAB scores of the held-out category and what was
chosen, then the mean and the worst fold. Every file is scored once per grid point.

Prometheus source: every series of --query over [--start, --end] at --step, labelled anomalous where the series
of --labels with the same labels (ignoring __name__) is non-zero; a --labels series without labels of its own
labels every series. Times as "2024-01-01 00:00:00" (UTC), ISO 8601 or epoch seconds; --end defaults to now.

Options:
  --corpus DIR        the corpus folder (e.g. a checkout of NAB, or tests/fixtures/nab); repeat it to join corpora
  --prometheus URL    a Prometheus base URL, instead of --corpus
  --query PROMQL      the series to backtest (with --prometheus)
  --labels PROMQL     the label series (with --prometheus)
  --start TIME, --end TIME, --step DURATION   the range (with --prometheus; step default 1m)
  --detector FILE     a detector spec in YAML (default: Vigil's default detector)
  --cv category       leave-one-category-out cross-validation instead of one backtest (needs --corpus)
  --cv-grid FILE      with --cv: a YAML list of detector specs (the keys of --detector, plus \`name\`) to choose from
  --synthetic         backtest on the hard synthetic server metrics instead (noisy drifting CPU, flat-lining
                      sensor, resetting counter, bursty requests, heavy-tailed latency: per scenario and seed one
                      series with an incident and one normal series); adds alerts/week per normal series and
                      incidents found
  --seeds N, --days D, --step DURATION   with --synthetic: seeds 1..N (default 3), days of history (default 14)
                      at one sample per step (default 1m, at most 1d); --seeds A-B scores seeds A..B instead, so
                      that seeds nothing was tuned on can be checked (100 seeds at 1m take about two minutes; node
                      grows to 2.7 GB where memory is free, and the run fits in 1.5 GB with
                      NODE_OPTIONS=--max-old-space-size=1000)
  --only TEXT         only files whose "<category>/<file>.csv" name contains TEXT
  --json              print the full report as JSON on stdout instead of the tables
  --html FILE         also write an HTML report with a plot per file (series, band, detections, labelled windows)
  -h, --help          this help`;

const OPTIONS = {
  corpus: { type: 'string', multiple: true },
  detector: { type: 'string' },
  cv: { type: 'string' },
  'cv-grid': { type: 'string' },
  only: { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
  prometheus: { type: 'string' },
  synthetic: { type: 'boolean' },
  seeds: { type: 'string' },
  days: { type: 'string' },
  query: { type: 'string' },
  labels: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  step: { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof OPTIONS>>;

function stepFlag(text: string | undefined): number {
  const stepMs = parseDuration(text ?? '1m');
  if (stepMs === undefined || stepMs <= 0) {
    throw new UserError(`backtest: --step "${text}" is not a duration such as 30s, 1m or 5m`, EXIT_USAGE);
  }
  return stepMs;
}

function timeFlag(name: string, text: string): number {
  const ms = parseTimestamp(text);
  if (Number.isNaN(ms)) {
    throw new UserError(
      `backtest: --${name} "${text}" is not a time (use "2024-01-01 00:00:00", ISO 8601 or epoch seconds)`,
      EXIT_USAGE
    );
  }
  return ms;
}

async function loadCorpus(flags: Flags): Promise<CorpusFile[]> {
  const only = flags.only;
  const filter = only ? (name: string) => name.includes(only) : undefined;
  if ([flags.corpus, flags.prometheus, flags.synthetic].filter(Boolean).length > 1) {
    throw new UserError('backtest: give one of --corpus, --prometheus or --synthetic, not several', EXIT_USAGE);
  }
  if (flags.synthetic) {
    const days = parseIntegerFlag('backtest', 'days', flags.days, 1) ?? 14;
    const stepMs = stepFlag(flags.step);
    if (stepMs > DAY_MS) {
      throw new UserError(
        `backtest: --step ${flags.step} is longer than a day: the synthetic series have daily cycles`,
        EXIT_USAGE
      );
    }
    const corpus = syntheticCorpus(
      parseRangeFlag('backtest', 'seeds', flags.seeds) ?? { first: 1, last: 3 },
      days,
      stepMs
    );
    return filter ? corpus.filter((file) => filter(file.name)) : corpus;
  }
  if (flags.corpus) {
    const corpus = flags.corpus.flatMap((root) => readNabCorpus(root, filter));
    if (corpus.length === 0) {
      throw new UserError(`${flags.corpus.join(', ')}: no data files${only ? ` matching "${only}"` : ''}`);
    }
    const names = corpus.map((file) => file.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated !== undefined) {
      throw new UserError(`backtest: ${repeated} is in more than one --corpus`, EXIT_USAGE);
    }
    return corpus;
  }
  if (!flags.prometheus) {
    throw new UserError(`backtest: --corpus, --prometheus or --synthetic is required.\n\n${USAGE}`, EXIT_USAGE);
  }
  if (!flags.query || !flags.labels || !flags.start) {
    throw new UserError('backtest: --prometheus needs --query, --labels and --start', EXIT_USAGE);
  }
  const stepMs = stepFlag(flags.step);
  const startMs = timeFlag('start', flags.start);
  const endMs = flags.end ? timeFlag('end', flags.end) : Date.now();
  if (endMs <= startMs) {
    throw new UserError('backtest: --end must be after --start', EXIT_USAGE);
  }
  const client = new PrometheusClient({ baseUrl: flags.prometheus });
  const corpus = await readPrometheusCorpus(client, {
    query: flags.query,
    labelsQuery: flags.labels,
    startMs,
    endMs,
    stepMs,
  });
  return filter ? corpus.filter((file) => filter(file.name)) : corpus;
}

async function crossValidate(flags: Flags): Promise<number> {
  if (flags.cv !== 'category') {
    throw new UserError(
      flags.cv === undefined
        ? 'backtest: --cv-grid needs --cv category'
        : `backtest: --cv "${flags.cv}" is not a cross-validation scheme (use --cv category)`,
      EXIT_USAGE
    );
  }
  if (!flags.corpus && !flags.synthetic) {
    throw new UserError("backtest: --cv category needs --corpus (a corpus in NAB's layout) or --synthetic", EXIT_USAGE);
  }
  if (flags.html) {
    throw new UserError('backtest: --html is not available with --cv', EXIT_USAGE);
  }
  if (flags.detector && flags['cv-grid']) {
    throw new UserError('backtest: give either --detector or --cv-grid, not both', EXIT_USAGE);
  }
  const grid = flags['cv-grid']
    ? loadDetectorGridFile(flags['cv-grid'], warn)
    : [flags.detector ? loadDetectorSpecFile(flags.detector, warn) : defaultRunSpec()];
  await prepareNeuralBackend(grid, stderrWarning('backtest'));
  const corpus = await loadCorpus(flags);
  if (new Set(corpus.map((file) => categoryOf(file.name))).size < 2) {
    throw new UserError(
      `${flags.corpus?.join(', ') ?? 'the synthetic corpus'}: --cv category needs files in at least two categories`
    );
  }
  const bar = progressBar(process.stderr, 'cross-validation');
  const report = runCrossValidation(grid, corpus, (done, total, name) => bar.update(done, total, name));
  bar.done();
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCrossValidation(report)}\n`);
  return EXIT_OK;
}

function warn(message: string): void {
  process.stderr.write(`vigil backtest: warning: ${message}\n`);
}

export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'Backtest a detector on a labelled corpus (NAB layout): NAB profiles, event P/R, alerts/week, flaps',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags('backtest', argv, OPTIONS);
    if (flags.cv !== undefined || flags['cv-grid'] !== undefined) {
      return crossValidate(flags);
    }
    const spec = flags.detector ? loadDetectorSpecFile(flags.detector, warn) : defaultRunSpec();
    await prepareNeuralBackend([spec], stderrWarning('backtest'));
    const corpus = await loadCorpus(flags);
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
    const budget = flags.synthetic ? syntheticAlertBudget(report.files) : undefined;
    if (flags.html) {
      writeOutputFile(flags.html, htmlReport(report, plots), 'the HTML report');
    }
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(budget ? { ...report, synthetic: budget } : report, null, 2)}\n`
        : `${formatBacktest(report)}\n${budget ? `\n${formatAlertBudget(budget)}\n` : ''}`
    );
    if (flags.html && !flags.json) {
      process.stdout.write(`HTML report: ${flags.html}\n`);
    }
    return EXIT_OK;
  },
};
