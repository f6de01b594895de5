import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

export enum ROUTES {
  Detectors = 'detectors',
  Alerts = 'alerts',
}

/** Defaults agreed across the project (shared-contracts.md). */
export const DEFAULT_PROMETHEUS_UID = 'prometheus';
export const DEFAULT_ALERTMANAGER_UID = 'alertmanager';
export const SILENCE_CREATED_BY = 'vigil';
