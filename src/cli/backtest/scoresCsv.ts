import type { DetectionResult } from '../../engine';
import type { CsvTimeSeries } from './timeSeriesCsv';

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(12))) : '';
}

/**
 * The score command's output: the input's timestamp and value text (with `counter`, the per-second rate scored, of
 * which the band is), then the score and the detector's view.
 */
export function formatScoresCsv(series: CsvTimeSeries, result: DetectionResult, counter = false): string {
  const lines = ['timestamp,value,anomaly_score,anomaly,expected,lower,upper'];
  for (let i = 0; i < series.values.length; i++) {
    const score = Math.min(1, Math.max(0, Number.isFinite(result.scores[i]) ? result.scores[i] : 0));
    lines.push(
      [
        csvField(series.timestampText[i]),
        counter ? formatNumber(result.values[i]) : csvField(series.valueText[i]),
        formatNumber(score),
        result.anomalies[i] ? '1' : '0',
        formatNumber(result.expected[i]),
        formatNumber(result.lower[i]),
        formatNumber(result.upper[i]),
      ].join(',')
    );
  }
  return `${lines.join('\n')}\n`;
}
