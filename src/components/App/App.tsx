import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { SceneApp, useSceneApp } from '@grafana/scenes';
import type { AppRootProps } from '@grafana/data';
import { alertsPage } from '../../pages/alertsPage';
import { remediationsPage } from '../../pages/remediationsPage';
import { detectorsPage } from '../../pages/detectorsPage';
import { ROUTES } from '../../constants';
import { PluginPropsContext } from '../../utils/utils.plugin';
import { prefixRoute } from '../../utils/utils.routing';

function getSceneApp() {
  return new SceneApp({
    pages: [detectorsPage, alertsPage, remediationsPage],
    urlSyncOptions: {
      updateUrlOnInit: true,
      createBrowserHistorySteps: true,
    },
  });
}

function AppWithScenes() {
  const scene = useSceneApp(getSceneApp);
  return (
    <Routes>
      <Route index element={<Navigate to={prefixRoute(ROUTES.Detectors)} replace />} />
      <Route path="*" element={<scene.Component model={scene} />} />
    </Routes>
  );
}

function App(props: AppRootProps) {
  return (
    <PluginPropsContext.Provider value={props}>
      <AppWithScenes />
    </PluginPropsContext.Provider>
  );
}

export default App;
