import { stepMismatchWarning } from '../backtest/stepMismatch';
import { readFileSync } from 'node:fs';
import { parseFlags } from '../args';
import { EXIT_OK, EXIT_USAGE, UserError, type CliCommand } from '../command';
import { scoreCausally } from '../../engine';
import { defaultRunSpec, loadDetectorSpecFile } from '../backtest/detectorFile';
import { prepareNeuralBackend, stderrWarning } from '../neural/neuralBackend';
import { parseTimeSeriesCsv } from '../backtest/timeSeriesCsv';
import { formatScoresCsv } from '../backtest/scoresCsv';
import { writeOutputFile } from '../state/outputFile';

const USAGE = `Usage: vigil score --input data.csv --output scores.csv [--detector detector.yaml]

Scores every row of a CSV causally: row i's anomaly_score uses rows 0..i only, as if the rows arrived one by one.

Input: a header with "timestamp" and "value" columns (other columns are ignored). Timestamps like
"2014-04-01 00:00:00" (UTC, NAB's format), ISO 8601, or epoch seconds. Empty or NaN values are missing samples.
Rows may be irregular, repeat timestamps or have gaps: each row gets exactly one score (rows whose time goes
backwards, or whose value is missing, score 0 and are not learned from).

Output: timestamp,value,anomaly_score,anomaly,expected,lower,upper - one row per input row, in input order.
anomaly_score is in [0,1]; anomaly is 1 at or above the detector's threshold (from its sensitivity). With
counter: true in the detector spec, value is the per-second rate that was scored (empty at the first row and
across a reset), as expected, lower and upper are.

Options:
  --input FILE       the CSV to score
  --output FILE      where to write the scores: a file is replaced atomically (through a symlink, its target);
                     a FIFO or /dev/stdout is written through
  --detector FILE    a detector spec in YAML (model, sensitivity, seasonality, drift ...; id/name/query optional).
                     Default: Vigil's default detector (docs/default-detector.md)
  -h, --help         this help`;

const OPTIONS = {
  input: { type: 'string' },
  output: { type: 'string' },
  detector: { type: 'string' },
} as const;

function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `${path}: cannot read the input file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
    );
  }
}

export const scoreCommand: CliCommand = {
  name: 'score',
  summary: 'Score a CSV time series causally (timestamp,value -> anomaly_score)',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags('score', argv, OPTIONS);
    if (!flags.input || !flags.output) {
      throw new UserError(`score: --input and --output are required.\n\n${USAGE}`, EXIT_USAGE);
    }
    const spec = flags.detector
      ? loadDetectorSpecFile(flags.detector, (message) => process.stderr.write(`vigil score: warning: ${message}\n`))
      : defaultRunSpec();
    const backend = await prepareNeuralBackend([spec], stderrWarning('score'));
    const started = performance.now();
    const series = parseTimeSeriesCsv(readInput(flags.input), flags.input);
    const mismatch = flags.detector ? stepMismatchWarning(spec, series.timestamps, flags.detector) : undefined;
    if (mismatch) {
      process.stderr.write(`vigil score: warning: ${mismatch}\n`);
    }
    const result = scoreCausally(spec, series.timestamps, series.values);
    writeOutputFile(flags.output, formatScoresCsv(series, result, spec.counter));
    const anomalies = result.anomalies.reduce((sum, flag) => sum + flag, 0);
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `vigil score: ${series.values.length} rows scored with the ${spec.model.kind} detector${backend ? ` (TF.js ${backend} backend)` : ''} in ${seconds.toFixed(2)} s; ` +
        `${anomalies} at or above threshold ${result.threshold.toFixed(3)} -> ${flags.output}\n`
    );
    return EXIT_OK;
  },
};
