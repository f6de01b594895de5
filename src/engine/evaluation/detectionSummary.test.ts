import { summarizeDetection, totalDetections } from './detectionSummary';

const HOUR = 3_600_000;

describe('detection summaries', () => {
  it('summarises one series and totals several from summed counts', () => {
    const timestamps = Array.from({ length: 15 }, (_, i) => i * 12 * HOUR);
    const flags = [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const a = summarizeDetection(timestamps, flags, [{ start: 2, end: 4 }]);
    expect(a.event.detectedWindows).toBe(1);
    expect(a.event.alerts).toBe(2);
    expect(a.point).toEqual({ truePositives: 2, falsePositives: 1, trueNegatives: 11, falseNegatives: 1 });
    const b = summarizeDetection(timestamps, new Array(15).fill(0), [{ start: 5, end: 6 }]);
    const totals = totalDetections([a, b]);
    expect(totals.windows).toBe(2);
    expect(totals.eventRecall).toBe(0.5);
    expect(totals.eventPrecision).toBe(0.5);
    expect(totals.alertsPerWeek).toBeCloseTo((2 * 7) / 15, 12);
    expect(totals.pointPrecision).toBeCloseTo(2 / 3, 12);
    expect(totals.pointRecall).toBeCloseTo(2 / 5, 12);
    expect(totals.medianDelayRows).toBe(0);
    expect(totals.flaps).toBe(3);
  });

  it("counts the alert load after NAB's probation apart: the first 15% of the rows, at most 750", () => {
    const rows = 10_000;
    const timestamps = Array.from({ length: rows }, (_, i) => i * 60_000);
    const flags = new Uint8Array(rows);
    flags.fill(1, 100, 103);
    flags.fill(1, 740, 760);
    flags.fill(1, 5000, 5001);
    const summary = summarizeDetection(timestamps, flags, []);
    expect(summary.load.alerts).toBe(3);
    // The run across row 750 counts from there; the one at row 100 is in the probation.
    expect(summary.loadAfterProbation.alerts).toBe(2);
    expect(summary.loadAfterProbation.days).toBeCloseTo(((rows - 750) * 60_000) / 86_400_000, 9);
  });
});
