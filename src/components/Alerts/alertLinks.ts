import { urlUtil } from '@grafana/data';
import { DETECTOR_LABEL, METRIC_LABEL, SEVERITY_LABEL } from '../../alerting';
import type { AlertmanagerAlert } from '../../clients';

const HOUR_MS = 3_600_000;
const NOT_SERIES_LABELS = new Set(['alertname', DETECTOR_LABEL, SEVERITY_LABEL, METRIC_LABEL]);

/** The PromQL selector of the series an alert is about: its metric and its series labels. */
export function seriesSelector(labels: Record<string, string>): string {
  const matchers = Object.keys(labels)
    .filter((name) => !NOT_SERIES_LABELS.has(name))
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `${labels[METRIC_LABEL] ?? ''}{${matchers.join(', ')}}`;
}

/** Grafana Explore over the alert's series, from an hour before it started to an hour after (or now). */
export function exploreUrl(alert: AlertmanagerAlert, prometheusUid: string, nowMs: number): string {
  const started = Date.parse(alert.startsAt);
  const datasource = { type: 'prometheus', uid: prometheusUid };
  const pane = {
    datasource: prometheusUid,
    queries: [{ refId: 'A', expr: seriesSelector(alert.labels), datasource }],
    range: { from: String(started - HOUR_MS), to: String(Math.min(nowMs, started + HOUR_MS)) },
  };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify({ vigil: pane }), orgId: 1 });
}

/** The dashboard panel the alert links to (the detector's link, else the alert's generator URL). */
export function panelUrl(alert: AlertmanagerAlert): string | undefined {
  return alert.annotations.vigil_url || alert.generatorURL || undefined;
}
