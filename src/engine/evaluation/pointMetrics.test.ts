import { classificationReport, confusion, formatClassificationReport, pointMetrics } from './pointMetrics';

describe('point-wise metrics', () => {
  // labels:    0 0 1 1 1 0 0 0
  // predicted: 0 1 1 1 0 0 0 1  -> TP 2, FP 2, FN 1, TN 3
  const labels = [0, 0, 1, 1, 1, 0, 0, 0];
  const predicted = [0, 1, 1, 1, 0, 0, 0, 1];

  it('counts the confusion matrix', () => {
    expect(confusion(labels, predicted)).toEqual({
      truePositives: 2,
      falsePositives: 2,
      trueNegatives: 3,
      falseNegatives: 1,
    });
  });

  it('computes precision 2/4, recall 2/3 and F1 = 2PR/(P+R) = 4/7', () => {
    const m = pointMetrics(labels, predicted);
    expect(m.precision).toBeCloseTo(0.5, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(4 / 7, 12);
    expect(m.support).toBe(3);
  });

  it('reports both classes with accuracy and averages', () => {
    const report = classificationReport(labels, predicted);
    // normal class: TN 3 of predicted-normal 4 (precision 3/4), of actual-normal 5 (recall 3/5)
    expect(report.normal.precision).toBeCloseTo(0.75, 12);
    expect(report.normal.recall).toBeCloseTo(0.6, 12);
    expect(report.accuracy).toBeCloseTo(5 / 8, 12);
    expect(report.macroAverage.precision).toBeCloseTo((0.75 + 0.5) / 2, 12);
    expect(report.weightedAverage.recall).toBeCloseTo((5 * 0.6 + 3 * (2 / 3)) / 8, 12);
    expect(formatClassificationReport(report)).toMatch(/anomaly\s+0\.500\s+0\.667\s+0\.571\s+3/);
  });

  it('gives 0 instead of NaN when nothing is flagged', () => {
    expect(pointMetrics([1, 0], [0, 0])).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('rejects arrays of different lengths', () => {
    expect(() => confusion([0], [0, 1])).toThrow('differ in length');
  });
});
