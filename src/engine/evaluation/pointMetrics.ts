/** Counts of a binary classification, row by row. */
export interface Confusion {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Per-class precision/recall/F1 plus accuracy and macro/weighted averages (like scikit-learn's report). */
export interface ClassificationReport {
  normal: ClassMetrics;
  anomaly: ClassMetrics;
  accuracy: number;
  macroAverage: ClassMetrics;
  weightedAverage: ClassMetrics;
}

/** Compares predicted flags with labels row by row (non-zero = anomalous). */
export function confusion(labels: ArrayLike<number>, predicted: ArrayLike<number>): Confusion {
  if (labels.length !== predicted.length) {
    throw new Error(`labels (${labels.length}) and predictions (${predicted.length}) differ in length`);
  }
  const counts: Confusion = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  for (let i = 0; i < labels.length; i++) {
    const actual = labels[i] !== 0;
    const flagged = predicted[i] !== 0;
    if (actual && flagged) {
      counts.truePositives++;
    } else if (flagged) {
      counts.falsePositives++;
    } else if (actual) {
      counts.falseNegatives++;
    } else {
      counts.trueNegatives++;
    }
  }
  return counts;
}

/** a / b, and 0 when b is 0 (scikit-learn's zero_division=0). */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function classMetrics(truePositives: number, falsePositives: number, falseNegatives: number): ClassMetrics {
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  return {
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    support: truePositives + falseNegatives,
  };
}

/** Point-wise precision, recall and F1 of the anomaly class. */
export function pointMetrics(labels: ArrayLike<number>, predicted: ArrayLike<number>): ClassMetrics {
  const c = confusion(labels, predicted);
  return classMetrics(c.truePositives, c.falsePositives, c.falseNegatives);
}

export function classificationReport(labels: ArrayLike<number>, predicted: ArrayLike<number>): ClassificationReport {
  const c = confusion(labels, predicted);
  const anomaly = classMetrics(c.truePositives, c.falsePositives, c.falseNegatives);
  const normal = classMetrics(c.trueNegatives, c.falseNegatives, c.falsePositives);
  const total = labels.length;
  const average = (weightOf: (m: ClassMetrics) => number, divisor: number): ClassMetrics => ({
    precision: ratio(weightOf(normal) * normal.precision + weightOf(anomaly) * anomaly.precision, divisor),
    recall: ratio(weightOf(normal) * normal.recall + weightOf(anomaly) * anomaly.recall, divisor),
    f1: ratio(weightOf(normal) * normal.f1 + weightOf(anomaly) * anomaly.f1, divisor),
    support: total,
  });
  return {
    normal,
    anomaly,
    accuracy: ratio(c.truePositives + c.trueNegatives, total),
    macroAverage: average(() => 1, 2),
    weightedAverage: average((m) => m.support, total),
  };
}

/** The report as the fixed-width text table people know from scikit-learn. */
export function formatClassificationReport(report: ClassificationReport): string {
  const row = (name: string, m: ClassMetrics) =>
    `${name.padStart(14)}${m.precision.toFixed(3).padStart(11)}${m.recall.toFixed(3).padStart(10)}${m.f1.toFixed(3).padStart(10)}${String(m.support).padStart(10)}`;
  return [
    `${''.padStart(14)}${'precision'.padStart(11)}${'recall'.padStart(10)}${'f1-score'.padStart(10)}${'support'.padStart(10)}`,
    row('normal', report.normal),
    row('anomaly', report.anomaly),
    `${'accuracy'.padStart(14)}${''.padStart(21)}${report.accuracy.toFixed(3).padStart(10)}${String(report.normal.support + report.anomaly.support).padStart(10)}`,
    row('macro avg', report.macroAverage),
    row('weighted avg', report.weightedAverage),
  ].join('\n');
}
