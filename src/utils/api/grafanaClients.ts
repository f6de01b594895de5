import { AlertmanagerClient, PrometheusClient } from '../../clients';

/**
 * The shared HTTP clients, pointed at Grafana's proxies: same-origin paths, so the browser sends the
 * user's Grafana session and Grafana applies the datasource's own auth.
 */
export function prometheusViaGrafana(datasourceUid: string): PrometheusClient {
  return new PrometheusClient({
    baseUrl: `/api/datasources/proxy/uid/${encodeURIComponent(datasourceUid)}`,
    retry: { attempts: 2 },
  });
}

export function alertmanagerViaGrafana(datasourceUid: string): AlertmanagerClient {
  return new AlertmanagerClient({
    baseUrl: `/api/alertmanager/${encodeURIComponent(datasourceUid)}`,
    retry: { attempts: 2 },
  });
}
