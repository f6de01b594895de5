/** Grafana serves a datasource's own HTTP API under this prefix (the Prometheus API for a Prometheus datasource). */
export function grafanaDatasourceProxyUrl(grafanaUrl: string, datasourceUid: string): string {
  return `${grafanaUrl.replace(/\/+$/, '')}/api/datasources/proxy/uid/${encodeURIComponent(datasourceUid)}`;
}

/** Grafana's Alertmanager proxy for an Alertmanager datasource; Alertmanager's `/api/v2/...` paths follow it. */
export function grafanaAlertmanagerUrl(grafanaUrl: string, datasourceUid: string): string {
  return `${grafanaUrl.replace(/\/+$/, '')}/api/alertmanager/${encodeURIComponent(datasourceUid)}`;
}
