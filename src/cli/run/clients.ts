import {
  AlertmanagerClient,
  type Auth,
  grafanaDatasourceProxyUrl,
  PrometheusClient,
  PushgatewayClient,
  SlackWebhookClient,
} from '../../clients';
import type { VigilConfig } from '../config/loadConfig';

/** The HTTP clients one run needs, built from the effective config. */
export interface RunClients {
  prometheus: PrometheusClient;
  alertmanager?: AlertmanagerClient;
  slack?: SlackWebhookClient;
  pushgateway?: PushgatewayClient;
  /** Where queries go, for logs (no credentials). */
  prometheusTarget: string;
}

function authOf(config: VigilConfig): Auth | undefined {
  const auth = config.settings.auth;
  if (auth?.bearer_token) {
    return { type: 'bearer', token: auth.bearer_token };
  }
  if (auth?.username) {
    return { type: 'basic', username: auth.username, password: auth.password ?? '' };
  }
  return undefined;
}

export function createRunClients(config: VigilConfig): RunClients {
  const { settings } = config;
  const timeoutMs = settings.query_timeout_seconds * 1000;
  const grafana = settings.grafana;
  const prometheus = grafana
    ? new PrometheusClient({
        baseUrl: grafanaDatasourceProxyUrl(grafana.url, grafana.datasource_uid),
        auth: { type: 'bearer', token: grafana.token },
        timeoutMs,
      })
    : new PrometheusClient({ baseUrl: settings.prometheus_url!, auth: authOf(config), timeoutMs });
  return {
    prometheus,
    prometheusTarget: grafana
      ? `Grafana ${new URL(grafana.url).host} datasource ${grafana.datasource_uid}`
      : new URL(settings.prometheus_url!).host,
    alertmanager: settings.alertmanager_url
      ? new AlertmanagerClient({ baseUrl: settings.alertmanager_url, timeoutMs: 10_000 })
      : undefined,
    slack:
      !settings.alertmanager_url && settings.slack_webhook_url
        ? new SlackWebhookClient({ webhookUrl: settings.slack_webhook_url, timeoutMs: 10_000 })
        : undefined,
    pushgateway: settings.pushgateway_url
      ? new PushgatewayClient({ baseUrl: settings.pushgateway_url, timeoutMs: 10_000 })
      : undefined,
  };
}
