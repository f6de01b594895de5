/** Alert label names: Alertmanager accepts [a-zA-Z_][a-zA-Z0-9_]*; names starting with `__` are reserved. */
export const ALERT_NAME = 'VigilAnomaly';
export const DETECTOR_LABEL = 'vigil_detector';
export const SEVERITY_LABEL = 'severity';
/** The series' metric name (`__name__`) travels as this label, since `__`-prefixed labels are internal. */
export const METRIC_LABEL = 'metric';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED_LABELS = new Set(['alertname', DETECTOR_LABEL, SEVERITY_LABEL]);

export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** Makes any string a valid label name: invalid characters become `_`, a leading digit gets a `_` prefix. */
export function sanitizeLabelName(name: string): string {
  const replaced = name.replace(/[^a-zA-Z0-9_]/g, '_');
  if (replaced.length === 0) {
    return '_';
  }
  return /^[0-9]/.test(replaced) ? `_${replaced}` : replaced;
}

/**
 * The series' own labels as alert labels: `__name__` becomes `metric`, other `__` labels are dropped,
 * empty values are dropped (Prometheus treats them as absent), invalid names are sanitised, and a series
 * label that collides with a label Vigil sets is kept as `exported_<name>` (as Prometheus does on scrape).
 */
export function seriesAlertLabels(seriesLabels: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  const metricName = seriesLabels.__name__;
  for (const [rawName, value] of Object.entries(seriesLabels)) {
    if (rawName.startsWith('__') || value === '') {
      continue;
    }
    let name = sanitizeLabelName(rawName);
    if (RESERVED_LABELS.has(name) || (name === METRIC_LABEL && metricName)) {
      name = `exported_${name}`;
    }
    result[name] = value;
  }
  if (metricName) {
    result[METRIC_LABEL] = metricName;
  }
  return result;
}

export interface AlertLabelInput {
  detector: string;
  severity: string;
  seriesLabels: Record<string, string>;
  /** Extra labels from the detector's alert spec (e.g. team); they override series labels. */
  extraLabels?: Record<string, string>;
}

/** The alert's full label set: series labels, then extra labels, then Vigil's own (which always win). */
export function alertLabels(input: AlertLabelInput): Record<string, string> {
  const labels = seriesAlertLabels(input.seriesLabels);
  for (const [rawName, value] of Object.entries(input.extraLabels ?? {})) {
    const name = sanitizeLabelName(rawName);
    if (!RESERVED_LABELS.has(name) && value !== '') {
      labels[name] = value;
    }
  }
  labels.alertname = ALERT_NAME;
  labels[DETECTOR_LABEL] = input.detector;
  labels[SEVERITY_LABEL] = input.severity;
  return sortLabels(labels);
}

export function sortLabels(labels: Record<string, string>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    sorted[name] = labels[name];
  }
  return sorted;
}
