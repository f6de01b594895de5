import { HOST_INFO_GLOBAL, type HostInfo } from '../hostInfo';
import { toInstanceSettings, type ProvisionedDataSource } from './datasources';
import { appBootConfig, panelBootMeta, type DistPlugin } from './pluginMeta';

export interface BootDataInput {
  appUrl: string;
  grafanaVersion: string;
  app: DistPlugin;
  panels: DistPlugin[];
  dataSources: ProvisionedDataSource[];
  host: HostInfo;
}

/**
 * The classic script that runs before the host bundle: Grafana's `window.grafanaBootData` (read once by
 * @grafana/runtime when it is first imported) and `__grafana_public_path__` (where @grafana/ui finds icons and fonts).
 */
export function bootScript(input: BootDataInput): string {
  const defaultDataSource = input.dataSources.find((ds) => ds.isDefault);
  const bootData = {
    user: {
      id: 1,
      uid: 'admin',
      login: 'admin',
      name: 'admin',
      email: 'admin@localhost',
      isSignedIn: true,
      isGrafanaAdmin: true,
      orgId: 1,
      orgName: 'Main Org.',
      orgRole: 'Admin',
      theme: 'dark',
      timezone: 'browser',
      weekStart: 'monday',
      language: 'en-US',
      regionalFormat: 'en-US',
      locale: 'en-US',
      permissions: {},
    },
    settings: {
      appUrl: input.appUrl,
      appSubUrl: '',
      buildInfo: {
        version: input.grafanaVersion,
        commit: 'vigil-stand-in-host',
        env: 'production',
        edition: 'Open Source',
        buildstamp: 0,
      },
      datasources: Object.fromEntries(input.dataSources.map((ds) => [ds.name, toInstanceSettings(ds)])),
      defaultDatasource: defaultDataSource?.name ?? '',
      panels: Object.fromEntries(input.panels.map((panel) => [panel.json.id, panelBootMeta(input.app.json.id, panel)])),
      apps: { [input.app.json.id]: appBootConfig(input.app) },
      featureToggles: {},
      rbacEnabled: true,
      liveEnabled: false,
      unifiedAlertingEnabled: true,
      namespace: 'default',
    },
    navTree: [],
    assets: { light: '', dark: '' },
  };
  return [
    `window.grafanaBootData = ${JSON.stringify(bootData)};`,
    `window.__grafana_public_path__ = '/public/';`,
    `window.${HOST_INFO_GLOBAL} = ${JSON.stringify(input.host)};`,
    '',
  ].join('\n');
}

export const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <base href="/" />
    <title>Vigil - stand-in host (not Grafana)</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/host/host.css" />
    <style>html, body { margin: 0; height: 100%; }</style>
    <script src="/host/boot.js"></script>
    <script type="module" src="/host/host.js"></script>
  </head>
  <body>
    <div id="reactRoot"></div>
  </body>
</html>
`;
