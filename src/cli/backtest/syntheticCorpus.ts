import { alertBudget, windowsFromTimeRanges, type AlertBudget } from '../../engine/evaluation';
import { generateHardServerMetrics } from '../../engine/synthetic/hardServerMetrics';
import type { IntegerRange } from '../args';
import type { CorpusFile } from './nabCorpus';
import type { FileBacktest } from './runBacktest';

const NORMAL_SUFFIX = '-normal.csv';

/** The alert budget of a backtest of the synthetic corpus: alerts a week on its normal series, incidents found. */
export function syntheticAlertBudget(files: FileBacktest[]): AlertBudget {
  return alertBudget(
    files.map((file) => ({ name: file.name, normal: file.name.endsWith(NORMAL_SUFFIX), summary: file.summary }))
  );
}

/**
 * The hard synthetic server metrics as a corpus: for each seed of `seeds`, every scenario's incident series and its
 * normal series, `days` long at one sample per `stepMs`, named `<scenario>/seed<k>-incident.csv` and
 * `<scenario>/seed<k>-normal.csv`.
 */
export function syntheticCorpus(seeds: IntegerRange, days: number, stepMs: number): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (let seed = seeds.first; seed <= seeds.last; seed++) {
    for (const series of generateHardServerMetrics({ seed, days, stepMs })) {
      const variant = series.labels.normal === 'true' ? 'normal' : 'incident';
      files.push({
        name: `${series.scenario}/seed${seed}-${variant}.csv`,
        series: { timestamps: series.timestamps, values: series.values },
        windows: windowsFromTimeRanges(series.timestamps, series.anomalyWindows),
        labelRows: [],
        // Scored as its user would: Prometheus names counters `..._total`, and they are read with rate() or
        // `counter: true`.
        counter: series.labels.__name__.endsWith('_total'),
      });
    }
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}
