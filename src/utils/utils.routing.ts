import { urlUtil } from '@grafana/data';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';

/** Prefixes the route with the base URL of the plugin. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

export function detectorEditorUrl(id: string): string {
  return prefixRoute(`${ROUTES.Detectors}/${encodeURIComponent(id)}`);
}

/** The Remediations page, showing one alert's actions when `fingerprint` is given. */
export function remediationsUrl(fingerprint?: string): string {
  return urlUtil.renderUrl(prefixRoute(ROUTES.Remediations), fingerprint ? { fingerprint } : {});
}

/** Prefill values for a new detector, carried in the URL (e.g. from an anomaly panel). */
export interface DetectorPrefill {
  query?: string;
  datasource?: string;
  model?: string;
  sensitivity?: number;
  seasonality?: string;
  counter?: boolean;
}

export function newDetectorUrl(prefill: DetectorPrefill = {}): string {
  const params = Object.fromEntries(Object.entries(prefill).filter(([, value]) => value !== undefined && value !== ''));
  return urlUtil.renderUrl(prefixRoute(`${ROUTES.Detectors}/new`), params);
}

/** Grafana's new-dashboard page, where the Vigil anomaly panel is added. */
export const NEW_DASHBOARD_URL = '/dashboard/new';
/** The demo dashboard the compose setup provisions (tests/host/dashboards/vigil-demo.json). */
export const DEMO_DASHBOARD_URL = '/d/vigil-demo';
