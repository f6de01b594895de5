import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

export enum ROUTES {
  Detectors = 'detectors',
  Alerts = 'alerts',
  Remediations = 'remediations',
}

/** The plugin.json route through which Grafana's plugin proxy reaches `vigil remediate`. */
export const REMEDIATION_PROXY_URL = `/api/plugin-proxy/${pluginJson.id}/remediate`;

/** Defaults agreed across the project (shared-contracts.md). */
export const DEFAULT_PROMETHEUS_UID = 'prometheus';
export const DEFAULT_ALERTMANAGER_UID = 'alertmanager';
export const SILENCE_CREATED_BY = 'vigil';
