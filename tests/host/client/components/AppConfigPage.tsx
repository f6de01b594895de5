import { PluginContextProvider, urlUtil } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { Alert, LoadingPlaceholder, Tab, TabContent, TabsBar } from '@grafana/ui';
import React from 'react';
import { useLocation, useParams } from 'react-router';
import type { PluginImporter } from '../pluginImport';
import { HostPluginPage } from './HostPluginPage';
import { useAppPlugin } from './usePluginLoader';

/**
 * Grafana's plugin details page `/plugins/:pluginId`, reduced to what an app's configuration needs: one tab per
 * config page (`?page=<id>`, the first one by default), each rendered with `plugin` and `query` as Grafana does.
 */
export function AppConfigPage({ importer }: { importer: PluginImporter }) {
  const { pluginId = '' } = useParams();
  useLocation();
  const state = useAppPlugin(importer, pluginId);

  if (state.status === 'loading') {
    return <LoadingPlaceholder text="Loading plugin..." />;
  }
  if (state.status === 'error') {
    return (
      <Alert severity="error" title={`Plugin ${pluginId} failed to load`}>
        {state.message}
      </Alert>
    );
  }
  const { plugin } = state;
  const query = urlUtil.getUrlSearchParams();
  const pages = plugin.configPages ?? [];
  const selected = pages.find((page) => page.id === query.page) ?? pages[0];
  return (
    <PluginContextProvider meta={plugin.meta}>
      <HostPluginPage pageNav={{ text: plugin.meta.name, subTitle: plugin.meta.info?.description }}>
        {/* A block wrapper: as a flex item the scrolling TabsBar would shrink to nothing under a tall form. */}
        <div>
          <TabsBar>
            {pages.map((page) => (
              <Tab
                key={page.id}
                label={page.title}
                icon={page.icon}
                active={page === selected}
                onChangeTab={() => locationService.partial({ page: page.id })}
              />
            ))}
          </TabsBar>
          <TabContent>
            {selected ? (
              <selected.body plugin={plugin} query={query} />
            ) : (
              <p>This plugin has no configuration pages.</p>
            )}
          </TabContent>
        </div>
      </HostPluginPage>
    </PluginContextProvider>
  );
}
