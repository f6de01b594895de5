/**
 * Run by tsx from ui-panel-multivariate-neural.spec.ts (Playwright's loader cannot load TF.js's ES modules): reads
 * the request a multivariate panel sent to its worker (JSON file in argv[2]: the spec, each metric's series and
 * their history), fits each target on its joined history and scores its joined range with the Node engine, as
 * `vigil detect` does, on the TF.js backend the CLI trains on, and prints that backend and each target's scores
 * and contributions.
 */
import { readFileSync } from 'node:fs';
import { prepareNeuralBackend, stderrWarning } from '../../src/cli/neural/neuralBackend';
import { parseDetectorSpec } from '../../src/engine/detectorSpec';
import { parseDuration } from '../../src/engine/duration';
import { joinSeries, type MetricSeries } from '../../src/engine/multivariate/joinSeries';
import { MultivariateDetector } from '../../src/engine/multivariate/multivariateDetector';
import { seriesKey } from '../../src/engine/series';

/** A metric's series as JSON carries them: a missing sample (NaN) arrives as null. */
export interface MetricSeriesJson {
  metric: string;
  series: Array<{ labels: Record<string, string>; timestamps: number[]; values: Array<number | null> }>;
}

export interface NodeTargetScores {
  key: string;
  scores: number[];
  shares: number[];
}

export interface NodeScores {
  /** The TF.js backend the networks trained on. */
  backend: string | undefined;
  targets: NodeTargetScores[];
}

function fromJson(metrics: MetricSeriesJson[]): MetricSeries[] {
  return metrics.map(({ metric, series }) => ({
    metric,
    series: series.map(({ labels, timestamps, values }) => ({
      labels,
      timestamps: Float64Array.from(timestamps),
      values: Float64Array.from(values, (value) => value ?? NaN),
    })),
  }));
}

async function main(): Promise<void> {
  const request = JSON.parse(readFileSync(process.argv[2], 'utf8')) as {
    spec: unknown;
    metrics: MetricSeriesJson[];
    history: MetricSeriesJson[];
  };
  const spec = parseDetectorSpec(request.spec);
  const backend = await prepareNeuralBackend([spec], stderrWarning('multivariatePanelNodeScores'));
  const { on } = spec.multivariate!;
  const stepMs = parseDuration(spec.step)!;
  const history = fromJson(request.history);
  const pasts = new Map(
    joinSeries(history, on, stepMs, spec.counter).joined.map((past) => [seriesKey(past.labels), past])
  );
  const targets = joinSeries(fromJson(request.metrics), on, stepMs, spec.counter, history).joined.map((target) => {
    const key = seriesKey(target.labels);
    const past = pasts.get(key);
    if (!past) {
      throw new Error(`no history for ${key}`);
    }
    const result = MultivariateDetector.fit(spec, past).score(target);
    return { key, scores: Array.from(result.scores), shares: Array.from(result.contributions) };
  });
  const scores: NodeScores = { backend, targets };
  process.stdout.write(JSON.stringify(scores));
}

void main();
