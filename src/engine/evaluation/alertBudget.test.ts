import { alertBudget } from './alertBudget';
import { summarizeDetection } from './detectionSummary';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A week of hourly rows with alert runs starting at the given rows (each two rows long). */
function week(alertStarts: number[], windows: Array<{ start: number; end: number }> = []) {
  const rows = 7 * 24;
  const timestamps = Float64Array.from({ length: rows }, (_, i) => i * HOUR);
  const flags = new Uint8Array(rows);
  alertStarts.forEach((row) => flags.fill(1, row, row + 2));
  return summarizeDetection(timestamps, flags, windows);
}

describe('alertBudget', () => {
  it('pools alerts per week over the normal series and counts incidents found on the others', () => {
    const budget = alertBudget([
      { name: 'cpu/normal.csv', normal: true, summary: week([]) },
      { name: 'latency/normal.csv', normal: true, summary: week([10, 50, 90]) },
      { name: 'cpu/incident.csv', normal: false, summary: week([100], [{ start: 99, end: 110 }]) },
      { name: 'latency/incident.csv', normal: false, summary: week([5], [{ start: 120, end: 130 }]) },
    ]);
    // Three alerts over two series' weeks.
    expect(budget.normalSeries).toBe(2);
    expect(budget.alertsPerWeekPerSeries).toBeCloseTo(1.5, 9);
    expect(budget.noisiest).toEqual({ name: 'latency/normal.csv', alertsPerWeek: expect.closeTo(3, 9) });
    expect([budget.incidentsFound, budget.incidents]).toEqual([1, 2]);
    expect(budget.missed).toEqual(['latency/incident.csv']);
    expect(7 * DAY).toBe(week([]).load.days * DAY);
  });

  it("also counts the alerts after each normal series' probation (NAB's first 15% of the rows)", () => {
    // 168 rows: the probation is the first 25; one alert inside it, two after.
    const budget = alertBudget([{ name: 'latency/normal.csv', normal: true, summary: week([3, 40, 90]) }]);
    expect(budget.alertsPerWeekPerSeries).toBeCloseTo(3, 9);
    expect(budget.alertsPerWeekAfterProbation).toBeCloseTo(2 / (143 / 168), 9);
  });

  it('has no rate without normal series', () => {
    expect(alertBudget([]).alertsPerWeekPerSeries).toBeNull();
    expect(alertBudget([]).alertsPerWeekAfterProbation).toBeNull();
    expect(alertBudget([]).noisiest).toBeNull();
  });
});
