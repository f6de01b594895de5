import type { PluginJson } from './pluginMeta';
import type { StoredSettings } from './pluginSettings';

/** A plugin.json route (Grafana's plugin proxy): requests under `path` go to `url` with `headers` added. */
interface PluginRoute {
  path: string;
  url: string;
  headers?: Array<{ name: string; content: string }>;
}

export interface ResolvedRoute {
  target: string;
  headers: Record<string, string>;
}

/**
 * Where `/api/plugin-proxy/<app>/<rest>` goes, as Grafana resolves it: the route whose path starts `rest`,
 * its `{{ .JsonData.x }}` and `{{ .SecureJsonData.x }}` placeholders filled from the app's settings.
 * Undefined when no route matches or its URL is empty.
 */
export function resolvePluginRoute(
  app: PluginJson,
  settings: StoredSettings,
  rest: string,
  search: string
): ResolvedRoute | undefined {
  const routes = (app.routes ?? []) as PluginRoute[];
  const route = routes.find((candidate) => rest === candidate.path || rest.startsWith(`${candidate.path}/`));
  if (!route) {
    return undefined;
  }
  const fill = (template: string) =>
    template.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_, scope: string, key: string) =>
      String((scope === 'JsonData' ? settings.jsonData[key] : settings.secureJsonData[key]) ?? '')
    );
  const base = fill(route.url).replace(/\/+$/, '');
  if (base === '') {
    return undefined;
  }
  const headers = Object.fromEntries((route.headers ?? []).map(({ name, content }) => [name, fill(content)]));
  return { target: `${base}${rest.slice(route.path.length)}${search}`, headers };
}
