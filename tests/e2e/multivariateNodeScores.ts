/**
 * Run by tsx from ui-identical-scores.spec.ts (Playwright's loader cannot load TF.js's ES modules): fits the
 * multivariate detector given as JSON in argv[2] on the first 40% of the first synthetic multivariate target,
 * scores the rest in Node, and prints the scores, the contributions, whether a labelled window was flagged and the
 * TF.js backend it trained on (started as the CLI starts it).
 */
import { prepareNeuralBackend } from '../../src/cli/neural/neuralBackend';
import { parseDetectorSpec } from '../../src/engine/detectorSpec';
import { sliceJoined } from '../../src/engine/multivariate/joinSeries';
import { MultivariateDetector } from '../../src/engine/multivariate/multivariateDetector';
import { inLabelledWindow, joinedTarget } from '../../src/engine/multivariate/syntheticBacktest';
import { generateMultivariateMetrics } from '../../src/engine/synthetic/multivariateMetrics';

async function main(): Promise<void> {
  const spec = parseDetectorSpec(JSON.parse(process.argv[2]));
  const neuralBackend = await prepareNeuralBackend([spec], ({ warning }) => {
    if (warning) {
      process.stderr.write(`${warning}\n`);
    }
  });
  const target = generateMultivariateMetrics({ targets: 1 })[0];
  const all = joinedTarget(target);
  const split = Math.floor(all.timestamps.length * 0.4);
  const result = MultivariateDetector.fit(spec, sliceJoined(all, 0, split)).score(sliceJoined(all, split));
  process.stdout.write(
    JSON.stringify({
      split,
      neuralBackend,
      scores: Array.from(result.scores),
      shares: Array.from(result.contributions),
      foundWindow: result.anomalies.some((flag, i) => flag === 1 && inLabelledWindow(target, result.timestamps[i])),
    })
  );
}

void main();
