import type { AlertBudget } from '../../engine/evaluation';

/** Two lines: false alerts on the normal synthetic series, and the incidents found on the others. */
export function formatAlertBudget(budget: AlertBudget): string {
  const fixed = (value: number | null) => (value === null ? '-' : value.toFixed(2));
  const noisiest = budget.noisiest
    ? ` (noisiest ${budget.noisiest.name}: ${budget.noisiest.alertsPerWeek.toFixed(1)})`
    : '';
  const missed = budget.missed.length > 0 ? `; missed: ${budget.missed.join(', ')}` : '';
  return [
    `Normal series: ${fixed(budget.alertsPerWeekPerSeries)} alerts per week per series over ${budget.normalSeries} series${noisiest};` +
      ` ${fixed(budget.alertsPerWeekAfterProbation)} after NAB's probation (each series' first 15%, at most 750 rows).`,
    `Incidents found: ${budget.incidentsFound}/${budget.incidents}${missed}.`,
  ].join('\n');
}
