// Scores the default detector over a NAB-layout corpus and prints NAB scores per profile and category.
// Usage: npx tsx scripts/tune-default.ts <corpus> [param=value ...]
import { NAB_PROFILES, nabScoreCorpus } from '../src/engine/evaluation';
import { DEFAULT_SCORER_PARAMS, DefaultScorer, DefaultScorerParams } from '../src/engine/default/defaultScorer';
import { readNabCorpus } from '../src/cli/backtest/nabCorpus';
import { DefaultDetector } from '../src/engine/default/defaultDetector';
import { parseDetectorSpec } from '../src/engine/detectorSpec';
import { scoreCausally } from '../src/engine/pipeline/scoreCausally';
import { erfc } from '../src/engine/default/tailProbability';

/**
 * NAB's Windowed Gaussian baseline (window 6400, step 100, score 1 - Q(|z|)), to check this scorer against
 * NAB's published 50.9 on the development split.
 */
function windowedGaussian(values: Float64Array): Float64Array {
  const scores = new Float64Array(values.length);
  let window: number[] = [];
  let buffer: number[] = [];
  let mean = 0;
  let std = 1;
  const refresh = () => {
    mean = window.reduce((a, b) => a + b, 0) / window.length;
    std = Math.sqrt(window.reduce((a, b) => a + (b - mean) * (b - mean), 0) / window.length) || 0.000001;
  };
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (window.length > 0) {
      scores[i] = 1 - 0.5 * erfc(Math.abs(x - mean) / std / Math.SQRT2);
    }
    if (window.length < 6400) {
      window.push(x);
      refresh();
    } else {
      buffer.push(x);
      if (buffer.length === 100) {
        window = window.slice(100).concat(buffer);
        buffer = [];
        refresh();
      }
    }
  }
  return scores;
}

const [corpusPath, ...overrides] = process.argv.slice(2);
const params: DefaultScorerParams = { ...DEFAULT_SCORER_PARAMS };
for (const override of overrides) {
  const [key, value] = override.split('=');
  (params as unknown as Record<string, number | boolean>)[key] =
    value === 'true' || value === 'false' ? value === 'true' : Number(value);
}
const corpus = readNabCorpus(corpusPath);
const started = performance.now();
const files = corpus.map((file) => {
  if (process.env.BASELINE === 'wg') {
    return { name: file.name, scores: windowedGaussian(file.series.values), windows: file.windows };
  }
  if (process.env.BASELINE === 'engine') {
    const spec = { id: 'tune', name: 'tune', query: 'nab', model: { kind: process.env.KIND ?? 'default', params: {} } };
    return {
      name: file.name,
      scores: scoreCausally(spec, file.series.timestamps, file.series.values).scores,
      windows: file.windows,
    };
  }
  const drift = process.env.DRIFT ?? 'none';
  if (drift !== 'none') {
    const spec = parseDetectorSpec({
      id: 'tune',
      name: 'tune',
      query: 'nab',
      model: { kind: 'default', params: {} },
      drift: { enabled: true, method: drift as 'adwin' | 'page_hinkley', stream: process.env.STREAM ?? 'residual' },
    });
    const detector = new DefaultDetector({ ...spec, model: { kind: 'default', params: { ...params } } });
    const result = detector.score({ labels: {}, timestamps: file.series.timestamps, values: file.series.values });
    return { name: file.name, scores: result.scores, windows: file.windows };
  }
  const scorer = new DefaultScorer(params);
  const scores = new Float64Array(file.series.values.length);
  for (let i = 0; i < scores.length; i++) {
    scores[i] = scorer.update(file.series.timestamps[i], file.series.values[i]).score;
  }
  return { name: file.name, scores, windows: file.windows };
});
const elapsed = performance.now() - started;
const line: string[] = [];
for (const profile of NAB_PROFILES) {
  const result = nabScoreCorpus(files, profile);
  line.push(`${profile.name}=${result.normalized?.toFixed(1)} (t=${result.threshold.toFixed(4)})`);
  if (profile.name === 'standard') {
    const byCategory = new Map<string, [number, number, number, number]>();
    for (const f of result.files) {
      const category = f.name.split('/')[0];
      const acc = byCategory.get(category) ?? [0, 0, 0, 0];
      acc[0] += f.score;
      acc[1] += f.windows;
      acc[2] += f.falsePositives;
      acc[3] += f.truePositives;
      byCategory.set(category, acc);
    }
    for (const [category, [score, windows, fp, tp]] of byCategory) {
      console.log(`  ${category.padEnd(24)} raw=${score.toFixed(2).padStart(7)} windows=${windows} tp=${tp} fp=${fp}`);
    }
    if (process.env.VERBOSE) {
      for (const f of result.files) {
        console.log(
          `    ${f.name.padEnd(50)} ${f.score.toFixed(2).padStart(7)} w=${f.windows} tp=${f.truePositives} fp=${f.falsePositives}`
        );
      }
    }
  }
}
console.log(line.join('  '), `${elapsed.toFixed(0)} ms`, JSON.stringify(params));
