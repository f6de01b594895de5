import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector, restoreDetector } from '../../engine';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import type { Series } from '../../engine/series';
import { parseTimeSeriesCsv } from '../backtest/timeSeriesCsv';
import { sliceSeries } from './seriesPoints';

const FILE = join(__dirname, '../../../tests/fixtures/nab/data/artificialWithAnomaly/art_daily_jumpsup.csv');

function nabSeries(): Series {
  const csv = parseTimeSeriesCsv(readFileSync(FILE, 'utf8'), FILE);
  return { labels: { file: 'art_daily_jumpsup' }, timestamps: csv.timestamps, values: csv.values };
}

const KINDS = [
  'isolation_forest',
  'half_space_trees',
  'seasonal_baseline',
  'knn_cad',
  'contextual',
  'artime',
  'ensemble',
] as const;
const TRAIN = 600;

describe.each(KINDS)('saved state of %s over a NAB file cut at many points', (kind) => {
  const series = nabSeries();
  const spec = parseDetectorSpec({
    id: 'nab',
    name: 'nab',
    query: 'x',
    step: '5m',
    trainingWindow: '7d',
    model: { kind, params: {} },
  });

  it('scores after each restore exactly as an uninterrupted causal run, with bounded state', () => {
    const uninterrupted = createDetector(spec);
    uninterrupted.fit(sliceSeries(series, 0, TRAIN));
    const expected = uninterrupted.score(sliceSeries(series, TRAIN)).scores;

    let detector = createDetector(spec);
    detector.fit(sliceSeries(series, 0, TRAIN));
    const scores: number[] = [];
    const sizes: number[] = [];
    let cuts = 0;
    // Uneven run lengths (1 to 288 points) so the cuts fall before, on and after the in-stream refits.
    for (let from = TRAIN, run = 1; from < series.values.length; from += run, run = ((run * 7 + 3) % 288) + 1) {
      const to = Math.min(series.values.length, from + run);
      scores.push(...detector.score(sliceSeries(series, from, to)).scores);
      const json = JSON.stringify(detector.toState());
      sizes.push(json.length);
      detector = restoreDetector(spec, JSON.parse(json));
      cuts++;
    }
    expect(cuts).toBeGreaterThan(20);
    expect(scores).toHaveLength(expected.length);
    expect(scores.every((score, i) => Object.is(score, expected[i]))).toBe(true);
    // Bounded by the refit history (a week of 5-minute points, float64 at worst) and the model's own
    // constant-size part, however long the series runs.
    const week = 2016;
    expect(Math.max(...sizes)).toBeLessThan((week * 8 * 4) / 3 + 16 * 1024);
  });
});
