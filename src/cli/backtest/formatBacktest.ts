import type { BacktestReport } from './runBacktest';

function fixed(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

export function table(header: string[], rows: string[][], alignLeft = 1): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c < alignLeft ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function duration(ms: number | null): string {
  if (ms === null) {
    return '-';
  }
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${(hours / 24).toFixed(1)} d` : `${hours.toFixed(1)} h`;
}

/** The human-readable backtest: per file, then the corpus totals and NAB's three profiles. */
export function formatBacktest(report: BacktestReport): string {
  const perFile = table(
    ['file', 'rows', 'windows', 'found', 'alerts', 'alerts/wk', 'flaps', 'event P', 'event R', 'NAB std raw'],
    report.files.map((f) => [
      f.name,
      String(f.rows),
      String(f.windows),
      String(f.summary.event.detectedWindows),
      String(f.summary.event.alerts),
      fixed(f.summary.load.alertsPerWeek, 1),
      String(f.summary.load.flaps),
      f.summary.event.alerts ? fixed(f.summary.event.precision) : '-',
      f.windows ? fixed(f.summary.event.recall) : '-',
      fixed(f.nab.standard.score),
    ])
  );
  const t = report.totals;
  const nab = table(
    ['NAB profile', 'score', 'threshold', 'raw', 'null', 'perfect'],
    report.nab.map((p) => [
      p.profile,
      fixed(p.normalized, 1),
      fixed(p.threshold, 4),
      fixed(p.score),
      fixed(p.nullScore),
      fixed(p.perfectScore),
    ])
  );
  return [
    perFile,
    '',
    `Detector: ${report.detector.kind}, sensitivity ${report.detector.sensitivity} (alert threshold ${fixed(report.detector.threshold, 3)}); ` +
      `${t.files} files, ${t.rows} rows in ${report.seconds.toFixed(1)} s`,
    `At the detector's threshold: windows found ${t.detectedWindows}/${t.windows} (event recall ${fixed(t.eventRecall)}), ` +
      `alerts ${t.alerts} of which ${t.trueAlerts} in a window (event precision ${fixed(t.eventPrecision)}, F1 ${fixed(t.eventF1)}), ` +
      `${fixed(t.alertsPerWeek, 1)} alerts/week, ${t.flaps} flaps, median time to detect ${duration(t.medianDelayMs)} ` +
      `(${t.medianDelayRows ?? '-'} rows); point-wise P ${fixed(t.pointPrecision)} R ${fixed(t.pointRecall)} F1 ${fixed(t.pointF1)}`,
    '',
    nab,
    '',
    'NAB scores: causal scores, one global threshold per profile swept over the corpus, 100 = perfect, 0 = never fires.',
  ].join('\n');
}
