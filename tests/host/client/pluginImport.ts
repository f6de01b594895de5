import { type AppPlugin, type AppPluginMeta, type PanelPlugin, type PanelPluginMeta } from '@grafana/data';
import { config } from '@grafana/runtime';
import type { AmdLoader } from './amdLoader';

/** Grafana appends the plugin version so that browsers refetch a module after an upgrade. */
function moduleUrl(modulePath: string, version: string | undefined): string {
  const path = modulePath.startsWith('/') || /^https?:/.test(modulePath) ? modulePath : `/${modulePath}`;
  return `${path}?_cache=${encodeURIComponent(version ?? '')}`;
}

function pluginExport<T>(exports: unknown, url: string): T {
  const plugin = (exports as { plugin?: T } | undefined)?.plugin;
  if (!plugin) {
    throw new Error(`${url} does not export "plugin"`);
  }
  return plugin;
}

export class PluginImporter {
  private readonly panels = new Map<string, PanelPlugin>();
  private readonly panelsLoading = new Map<string, Promise<PanelPlugin>>();

  constructor(private readonly loader: AmdLoader) {}

  async importAppPlugin(meta: AppPluginMeta): Promise<AppPlugin> {
    const url = moduleUrl(meta.module, meta.info?.version);
    const plugin = pluginExport<AppPlugin>(await this.loader.import(url), url);
    plugin.meta = meta;
    plugin.init(meta);
    return plugin;
  }

  importPanelPlugin = (id: string): Promise<PanelPlugin> => {
    let loading = this.panelsLoading.get(id);
    if (!loading) {
      loading = this.loadPanel(id);
      this.panelsLoading.set(id, loading);
    }
    return loading;
  };

  getPanelPluginFromCache = (id: string): PanelPlugin | undefined => this.panels.get(id);

  private async loadPanel(id: string): Promise<PanelPlugin> {
    const meta = config.panels[id] as PanelPluginMeta | undefined;
    if (!meta) {
      throw new Error(
        `Panel plugin "${id}" is not installed in the stand-in host (known: ${Object.keys(config.panels).join(', ')})`
      );
    }
    const url = moduleUrl(meta.module, meta.info?.version);
    const plugin = pluginExport<PanelPlugin>(await this.loader.import(url), url);
    plugin.meta = meta;
    this.panels.set(id, plugin);
    return plugin;
  }
}
