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
});
