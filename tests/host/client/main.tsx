import { EventBusSrv } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import {
  setAppEvents,
  setBackendSrv,
  setChromeHeaderHeightHook,
  setDataSourceSrv,
  setEchoSrv,
  setPluginImportUtils,
  setReturnToPreviousHook,
  setRunRequest,
  setTemplateSrv,
} from '@grafana/runtime';
import React from 'react';
import { createRoot } from 'react-dom/client';
import { setPluginPage } from 'vigil-host:plugin-page';
import { HOST_INFO_GLOBAL, type HostInfo } from '../hostInfo';
import { AmdLoader } from './amdLoader';
import { HEADER_HEIGHT, HostShell } from './components/HostShell';
import { HostPluginPage } from './components/HostPluginPage';
import { PluginImporter } from './pluginImport';
import { FetchBackendSrv } from './services/backendSrv';
import { HostDataSourceSrv } from './services/dataSourceSrv';
import { HostEchoSrv } from './services/echoSrv';
import { fillRegistries } from './services/registries';
import { rememberReturnTarget } from './services/returnToPrevious';
import { runRequest } from './services/runRequest';
import { HostTemplateSrv } from './services/templateSrv';
import { sharedModules } from './sharedModules';

async function start(): Promise<void> {
  const host = (window as unknown as Record<string, HostInfo>)[HOST_INFO_GLOBAL];
  fillRegistries();
  setAppEvents(new EventBusSrv());
  setBackendSrv(new FetchBackendSrv());
  setTemplateSrv(new HostTemplateSrv());
  setDataSourceSrv(new HostDataSourceSrv());
  setRunRequest(runRequest);
  const echo = new HostEchoSrv();
  setEchoSrv(echo);
  Object.assign(window, { __vigilHostEchoEvents: echo.events });
  setReturnToPreviousHook(() => rememberReturnTarget);
  setChromeHeaderHeightHook(() => HEADER_HEIGHT);
  setPluginPage(HostPluginPage);
  await initPluginTranslations('grafana', []);

  const loader = new AmdLoader(sharedModules);
  loader.install();
  const importer = new PluginImporter(loader);
  setPluginImportUtils({
    importPanelPlugin: importer.importPanelPlugin,
    getPanelPluginFromCache: importer.getPanelPluginFromCache,
  });

  const container = document.getElementById('reactRoot');
  if (!container) {
    throw new Error('The host page has no #reactRoot element');
  }
  createRoot(container).render(<HostShell host={host} importer={importer} />);
}

start().catch((error: unknown) => {
  console.error('The stand-in host failed to start', error);
});
