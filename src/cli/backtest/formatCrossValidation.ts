import { table } from './formatBacktest';
import type { CrossValidationReport } from './runCrossValidation';

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** The human-readable cross-validation: one row per held-out category, then the mean, the worst fold and the pool. */
export function formatCrossValidation(report: CrossValidationReport): string {
  const withGrid = report.grid.length > 1;
  const header = [
    'held-out category',
    'files',
    'windows',
    'standard',
    'low FP',
    'low FN',
    'false alarms',
    'thresholds (std/FP/FN)',
    ...(withGrid ? ['grid point (std/FP/FN)'] : []),
  ];
  const foldRows = report.folds.map((fold) => [
    fold.category,
    String(fold.files),
    String(fold.windows),
    ...fold.profiles.map((p) => fixed(p.normalized, 1)),
    String(fold.profiles[0].falsePositives),
    fold.profiles.map((p) => fixed(p.threshold, 4)).join(' / '),
    ...(withGrid ? [fold.profiles.map((p) => report.grid[p.gridPoint].name).join(' / ')] : []),
  ]);
  const pad = (cells: string[]) => [...cells, ...Array<string>(header.length - cells.length).fill('')];
  const summaryRows = [
    pad(['mean', '', '', ...report.summary.map((s) => fixed(s.mean, 1))]),
    pad([
      'worst fold',
      '',
      '',
      ...report.summary.map((s) => (s.worst ? `${s.worst.normalized.toFixed(1)} ${s.worst.category}` : '-')),
    ]),
    pad(['pooled', String(report.files), '', ...report.summary.map((s) => fixed(s.pooled, 1))]),
  ];
  const grid = report.grid.map(
    (point) =>
      `  ${point.name}: ${point.kind}, sensitivity ${point.sensitivity}, seasonality ${point.seasonality}` +
      (Object.keys(point.params).length > 0 ? `, params ${JSON.stringify(point.params)}` : '')
  );
  return [
    table(header, [...foldRows, ...summaryRows]),
    '',
    `Leave-one-category-out over ${report.files} files (${report.rows} rows), ${report.folds.length} folds; ` +
      `scored once per file and grid point in ${report.scoringSeconds.toFixed(1)} s, ${report.seconds.toFixed(1)} s in all.`,
    `Grid (${report.grid.length} point${report.grid.length === 1 ? '' : 's'}):`,
    ...grid,
    '',
    'Each fold: the grid point and the global threshold of each NAB profile are chosen on the other categories only,',
    'then the held-out category is scored with them (NAB normalised score, 100 = perfect, 0 = never fires).',
    'Mean and worst fold are over folds with labelled windows; pooled sums every held-out raw score (false alarms on',
    'folds without windows included) and normalises over the whole corpus.',
  ].join('\n');
}
