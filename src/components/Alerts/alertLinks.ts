import { urlUtil } from '@grafana/data';
import { DETECTOR_LABEL, METRIC_LABEL, SEVERITY_LABEL } from '../../alerting';
import type { AlertmanagerAlert } from '../../clients';
import { seriesSelector } from '../../engine/series';

const HOUR_MS = 3_600_000;
const NOT_SERIES_LABELS = new Set(['alertname', DETECTOR_LABEL, SEVERITY_LABEL, METRIC_LABEL]);

/** The PromQL selector of the series an alert is about (its metric label back as the series' name). */
export function alertSeriesSelector(labels: Record<string, string>): string {
  const seriesLabels: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (!NOT_SERIES_LABELS.has(name)) {
      seriesLabels[name] = value;
    }
  }
  if (labels[METRIC_LABEL] !== undefined) {
    seriesLabels.__name__ = labels[METRIC_LABEL];
  }
  return seriesSelector(seriesLabels);
}

/** Grafana Explore over the alert's series, from an hour before it started to an hour after (or now). */
export function exploreUrl(alert: AlertmanagerAlert, prometheusUid: string, nowMs: number): string {
  const started = Date.parse(alert.startsAt);
  const datasource = { type: 'prometheus', uid: prometheusUid };
  const pane = {
    datasource: prometheusUid,
    queries: [{ refId: 'A', expr: alertSeriesSelector(alert.labels), datasource }],
    range: { from: String(started - HOUR_MS), to: String(Math.min(nowMs, started + HOUR_MS)) },
  };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify({ vigil: pane }), orgId: 1 });
}

/**
 * The detector's page the alert links to (`vigil_url`). Not the generator URL: that opens this Alerts page on the
 * alert.
 */
export function detectorPageUrl(alert: AlertmanagerAlert): string | undefined {
  return alert.annotations.vigil_url || undefined;
}
