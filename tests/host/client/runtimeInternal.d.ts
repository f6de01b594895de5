/**
 * `setPluginPage` lives in @grafana/runtime's internal entry, which the package's exports map hides from plugins;
 * the host bundle maps this name to that module (see tests/host/server/hostBundle.ts).
 */
declare module 'vigil-host:plugin-page' {
  import type { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}
