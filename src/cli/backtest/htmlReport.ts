import { escapeMarkup } from '../report/escapeMarkup';
import { timeSeriesSvg } from '../report/timeSeriesSvg';
import type { BacktestReport } from './runBacktest';

/** One file's plot data kept from the backtest run. */
export interface PlotData {
  name: string;
  timestamps: Float64Array;
  values: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  detections: Uint8Array;
  windows: Array<[number, number]>;
}

function fixed(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** A self-contained HTML page: the NAB table, the per-file table and an inline SVG plot per file. */
export function htmlReport(report: BacktestReport, plots: PlotData[]): string {
  const nabRows = report.nab
    .map((p) => `<tr><td>${p.profile}</td><td>${fixed(p.normalized, 1)}</td><td>${fixed(p.threshold, 4)}</td></tr>`)
    .join('');
  const fileRows = report.files
    .map(
      (f) =>
        `<tr><td><a href="#plot-${encodeURIComponent(f.name)}">${escapeMarkup(f.name)}</a></td><td>${f.rows}</td><td>${f.windows}</td>` +
        `<td>${f.summary.event.detectedWindows}</td><td>${f.summary.event.alerts}</td><td>${fixed(f.summary.load.alertsPerWeek, 1)}</td>` +
        `<td>${f.summary.load.flaps}</td><td>${fixed(f.nab.standard.score, 2)}</td></tr>`
    )
    .join('');
  const sections = plots
    .map((plot) => {
      const svg = timeSeriesSvg({
        title: plot.name,
        timestamps: plot.timestamps,
        values: plot.values,
        lower: plot.lower,
        upper: plot.upper,
        detections: plot.detections,
        windows: plot.windows,
        width: 1100,
        height: 260,
      });
      return `<section id="plot-${encodeURIComponent(plot.name)}">${svg}</section>`;
    })
    .join('\n');
  const t = report.totals;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil backtest</title>
<style>body{font-family:Inter,Helvetica,Arial,sans-serif;margin:24px;color:#24292f}table{border-collapse:collapse;margin:12px 0}
td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}section{margin:12px 0}
.legend span{display:inline-block;margin-right:16px}.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}</style>
</head><body>
<h1>Vigil backtest</h1>
<p>Detector <b>${escapeMarkup(report.detector.kind)}</b>, sensitivity ${report.detector.sensitivity} (alert threshold ${fixed(report.detector.threshold, 3)}).
${t.files} files, ${t.rows} rows. Windows found ${t.detectedWindows}/${t.windows}; ${t.alerts} alerts (${fixed(t.alertsPerWeek, 1)}/week), ${t.flaps} flaps;
event precision ${fixed(t.eventPrecision, 2)}, recall ${fixed(t.eventRecall, 2)}.</p>
<h2>NAB</h2><table><tr><th>profile</th><th>score</th><th>threshold</th></tr>${nabRows}</table>
<h2>Files</h2><table><tr><th>file</th><th>rows</th><th>windows</th><th>found</th><th>alerts</th><th>alerts/week</th><th>flaps</th><th>NAB standard (raw)</th></tr>${fileRows}</table>
<p class="legend"><span><i class="swatch" style="background:#1f60c4"></i>series</span><span><i class="swatch" style="background:#73bf69;opacity:.5"></i>expected band</span>
<span><i class="swatch" style="background:#e02f44"></i>detections (at the detector's threshold)</span><span><i class="swatch" style="background:#fade2a;opacity:.6"></i>labelled windows</span></p>
${sections}
</body></html>
`;
}
