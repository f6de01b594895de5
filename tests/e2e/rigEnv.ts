/** Environment variables through which the global setup hands the rig to the test workers and the teardown. */
export const RIG_ENV = {
  hostUrl: 'VIGIL_E2E_HOST_URL',
  prometheusUrl: 'VIGIL_E2E_PROMETHEUS_URL',
  alertmanagerUrl: 'VIGIL_E2E_ALERTMANAGER_URL',
  pushgatewayUrl: 'VIGIL_E2E_PUSHGATEWAY_URL',
  pids: 'VIGIL_E2E_SERVER_PIDS',
} as const;

/** The base URL the specs use: a real Grafana when GRAFANA_URL is set, else the stand-in host. */
export function targetBaseUrl(): string {
  const url = process.env.GRAFANA_URL ?? process.env[RIG_ENV.hostUrl];
  if (!url) {
    throw new Error(
      `Neither GRAFANA_URL nor ${RIG_ENV.hostUrl} is set: run the specs through "npm run e2e" (playwright.config.ts)`
    );
  }
  return url.replace(/\/$/, '');
}

export function isStandInHost(): boolean {
  return !process.env.GRAFANA_URL;
}
