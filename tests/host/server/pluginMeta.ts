import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

/** A plugin.json as the build writes it into dist/ (placeholders already replaced). */
export interface PluginJson {
  id: string;
  type: 'app' | 'panel' | 'datasource';
  name: string;
  info: { version: string; description?: string; logos?: { small: string; large: string }; [key: string]: unknown };
  includes?: Array<{
    type: string;
    name: string;
    path?: string;
    addToNav?: boolean;
    defaultNav?: boolean;
    id?: string;
  }>;
  dependencies?: Record<string, unknown>;
  skipDataQuery?: boolean;
  [key: string]: unknown;
}

export interface DistPlugin {
  json: PluginJson;
  /** Folder relative to dist/ ('' for the app itself). */
  folder: string;
}

/** The app and its nested plugins, found by their plugin.json files in dist/. */
export async function readDistPlugins(distDir: string): Promise<DistPlugin[]> {
  const found: DistPlugin[] = [];
  async function visit(folder: string): Promise<void> {
    const entries = await readdir(path.join(distDir, folder), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.isDirectory()) {
        await visit(path.posix.join(folder, entry.name));
      } else if (entry.name === 'plugin.json') {
        const json = JSON.parse(await readFile(path.join(distDir, folder, entry.name), 'utf8')) as PluginJson;
        found.push({ json, folder });
      }
    }
  }
  await visit('');
  return found;
}

function logoUrls(baseUrl: string, logos: PluginJson['info']['logos']) {
  return logos ? { small: `${baseUrl}/${logos.small}`, large: `${baseUrl}/${logos.large}` } : undefined;
}

/** Grafana serves each plugin under public/plugins/<app id>/<folder>. */
export function pluginBaseUrl(appId: string, folder: string): string {
  return folder ? `public/plugins/${appId}/${folder}` : `public/plugins/${appId}`;
}

export function panelBootMeta(appId: string, plugin: DistPlugin) {
  const baseUrl = pluginBaseUrl(appId, plugin.folder);
  return {
    id: plugin.json.id,
    name: plugin.json.name,
    type: 'panel',
    info: { ...plugin.json.info, logos: logoUrls(baseUrl, plugin.json.info.logos) },
    module: `${baseUrl}/module.js`,
    baseUrl,
    sort: 100,
    skipDataQuery: plugin.json.skipDataQuery ?? false,
    hideFromList: false,
    state: '',
    signature: 'unsigned',
    angular: { detected: false },
  };
}

export function appBootConfig(app: DistPlugin) {
  return {
    id: app.json.id,
    path: `${pluginBaseUrl(app.json.id, '')}/module.js`,
    version: app.json.info.version,
    preload: false,
    angular: { detected: false },
    loadingStrategy: 'script',
    extensions: { addedLinks: [], addedComponents: [], exposedComponents: [], extensionPoints: [], addedFunctions: [] },
    dependencies: app.json.dependencies ?? {},
  };
}

/** The app's pages that appear in Grafana's navigation, in plugin.json order. */
export function appNavLinks(app: DistPlugin): Array<{ text: string; url: string }> {
  return (app.json.includes ?? [])
    .filter((include) => include.type === 'page' && include.addToNav && include.path)
    .map((include) => ({ text: include.name, url: (include.path ?? '').replace('%PLUGIN_ID%', app.json.id) }));
}

/** What `GET /api/plugins/<id>/settings` returns: the plugin's meta plus this installation's settings. */
export function appSettingsResponse(
  app: DistPlugin,
  settings: {
    enabled: boolean;
    pinned: boolean;
    jsonData: Record<string, unknown>;
    secureJsonFields: Record<string, boolean>;
  }
) {
  const baseUrl = pluginBaseUrl(app.json.id, '');
  const defaultNav = (app.json.includes ?? []).find((include) => include.defaultNav && include.path);
  return {
    id: app.json.id,
    name: app.json.name,
    type: app.json.type,
    info: { ...app.json.info, logos: logoUrls(baseUrl, app.json.info.logos) },
    includes: app.json.includes ?? [],
    dependencies: app.json.dependencies ?? {},
    module: `${baseUrl}/module.js`,
    baseUrl,
    defaultNavUrl: defaultNav?.path?.replace('%PLUGIN_ID%', app.json.id) ?? `/plugins/${app.json.id}`,
    enabled: settings.enabled,
    pinned: settings.pinned,
    jsonData: settings.jsonData,
    secureJsonFields: settings.secureJsonFields,
    hasUpdate: false,
    latestVersion: '',
    state: '',
    signature: 'unsigned',
    signatureType: '',
    signatureOrg: '',
    autoEnabled: false,
  };
}
