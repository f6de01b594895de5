import { join } from 'node:path';
import { defaultRunSpec } from './detectorFile';
import { readNabCorpus } from './nabCorpus';
import { runBacktest } from './runBacktest';
import { runCrossValidation } from './runCrossValidation';
import { syntheticAlertBudget, syntheticCorpus } from './syntheticCorpus';

/*
 * The default detector's quality targets (docs/default-detector.md), checked on the data shipped in the repo with the
 * commands the document quotes, so that a change which loses them fails here and not only in a later measurement.
 */
describe('the default detector meets its detection targets', () => {
  it('scores at least 60 (NAB standard) cross-validated over the categories of the NAB development split', () => {
    const corpus = readNabCorpus(join(__dirname, '../../../data/nab-dev'));
    const report = runCrossValidation([defaultRunSpec()], corpus);
    const standard = report.summary.find((row) => row.profile === 'standard')!;
    expect(report.folds).toHaveLength(5);
    expect(standard.mean).toBeGreaterThanOrEqual(60);
  }, 60_000);

  it('alerts less than 0.5 times a week per normal synthetic series and finds every synthetic incident', () => {
    const corpus = syntheticCorpus({ first: 1, last: 5 }, 14, 60_000);
    const report = runBacktest(defaultRunSpec(), corpus);
    const budget = syntheticAlertBudget(report.files);
    expect(budget.normalSeries).toBe(25);
    expect(budget.alertsPerWeekPerSeries).toBeLessThan(0.5);
    expect(budget.incidents).toBe(25);
    expect(budget.missed).toEqual([]);
  }, 120_000);
});
