import { PluginContextProvider, urlUtil, type NavModel } from '@grafana/data';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import React, { useState } from 'react';
import { useLocation, useParams } from 'react-router';
import type { PluginImporter } from '../pluginImport';
import { HostPluginPage } from './HostPluginPage';
import { useAppPlugin } from './usePluginLoader';

/** Grafana's `/a/:pluginId/*` route: loads the app plugin and renders its root page with Grafana's props. */
export function AppRootPage({ importer }: { importer: PluginImporter }) {
  const { pluginId = '' } = useParams();
  const location = useLocation();
  const state = useAppPlugin(importer, pluginId);
  const [nav, setNav] = useState<NavModel | undefined>();

  if (state.status === 'loading') {
    return <LoadingPlaceholder text="Loading app plugin..." />;
  }
  if (state.status === 'error') {
    return (
      <Alert severity="error" title={`App plugin ${pluginId} failed to load`}>
        {state.message}
      </Alert>
    );
  }
  const { plugin } = state;
  if (!plugin.root) {
    return <Alert title={`App plugin ${pluginId} has no root page`} severity="error" />;
  }
  const root = (
    <plugin.root
      meta={plugin.meta}
      basename={`/a/${pluginId}`}
      onNavChanged={setNav}
      query={urlUtil.getUrlSearchParams()}
      path={location.pathname}
    />
  );
  return (
    <PluginContextProvider meta={plugin.meta}>
      {nav ? <HostPluginPage pageNav={nav.node}>{root}</HostPluginPage> : root}
    </PluginContextProvider>
  );
}
