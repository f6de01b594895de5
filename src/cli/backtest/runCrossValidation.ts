import { scoreCausally, type DetectorSpec } from '../../engine';
import { crossValidateByCategory, type CrossValidationResult } from '../../engine/evaluation';
import { type CorpusFile, fileSpec } from './nabCorpus';

export interface GridPointInfo {
  name: string;
  kind: DetectorSpec['model']['kind'];
  params: DetectorSpec['model']['params'];
  sensitivity: number;
  seasonality: DetectorSpec['seasonality'];
}

export interface CrossValidationReport extends CrossValidationResult {
  cv: 'category';
  grid: GridPointInfo[];
  files: number;
  rows: number;
  /** Wall time of the scoring (once per file and grid point) and of the folds. */
  scoringSeconds: number;
  seconds: number;
}

/**
 * Leave-one-category-out over a NAB-layout corpus: every file is scored causally once per grid point, then each
 * fold picks its grid point and NAB threshold on the other categories and is scored with them.
 */
export function runCrossValidation(
  grid: DetectorSpec[],
  corpus: CorpusFile[],
  onScored?: (done: number, total: number, name: string) => void
): CrossValidationReport {
  const started = performance.now();
  const total = grid.length * corpus.length;
  const scores = grid.map((spec, g) =>
    corpus.map((file, f) => {
      const done = g * corpus.length + f;
      onScored?.(done, total, `${spec.name}: ${file.name}`);
      const result = scoreCausally(fileSpec(spec, file), file.series.timestamps, file.series.values).scores;
      onScored?.(done + 1, total, `${spec.name}: ${file.name}`);
      return result;
    })
  );
  const scoringSeconds = (performance.now() - started) / 1000;
  const result = crossValidateByCategory({
    names: corpus.map((file) => file.name),
    windows: corpus.map((file) => file.windows),
    scores,
  });
  return {
    cv: 'category',
    grid: grid.map((spec) => ({
      name: spec.name,
      kind: spec.model.kind,
      params: spec.model.params,
      sensitivity: spec.sensitivity,
      seasonality: spec.seasonality,
    })),
    files: corpus.length,
    rows: corpus.reduce((sum, file) => sum + file.series.values.length, 0),
    ...result,
    scoringSeconds,
    seconds: (performance.now() - started) / 1000,
  };
}
