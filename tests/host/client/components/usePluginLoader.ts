import type { AppPlugin, AppPluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { useEffect, useState } from 'react';
import type { PluginImporter } from '../pluginImport';

export type PluginLoadState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'loaded'; plugin: AppPlugin };

/** Fetches the app's settings (its meta) from the host's Grafana API and loads its module, as Grafana does on each visit. */
export function useAppPlugin(importer: PluginImporter, pluginId: string): PluginLoadState {
  const [loaded, setLoaded] = useState<{ pluginId: string; state: PluginLoadState }>();
  useEffect(() => {
    let cancelled = false;
    getBackendSrv()
      .get<AppPluginMeta>(`/api/plugins/${pluginId}/settings`, undefined, undefined, { showErrorAlert: false })
      .then((meta) => importer.importAppPlugin(meta))
      .then((plugin) => !cancelled && setLoaded({ pluginId, state: { status: 'loaded', plugin } }))
      .catch((error: unknown) => {
        console.error(`Failed to load app plugin ${pluginId}`, error);
        const message = (error as { message?: string }).message ?? String(error);
        if (!cancelled) {
          setLoaded({ pluginId, state: { status: 'error', message } });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [importer, pluginId]);
  return loaded?.pluginId === pluginId ? loaded.state : { status: 'loading' };
}
