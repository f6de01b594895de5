import { getBackendSrv } from '@grafana/runtime';
import { UrlSyncContextProvider } from '@grafana/scenes';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { buildDashboardScene, type DashboardModel } from './dashboardScene';
import { HostPluginPage } from './HostPluginPage';

type DashboardState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'loaded'; title: string; scene: ReturnType<typeof buildDashboardScene> };

/** Grafana's `/d/:uid` route for dashboards the host server provides from JSON files. */
export function DashboardPage() {
  const { uid = '' } = useParams();
  const [state, setState] = useState<DashboardState>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    getBackendSrv()
      .get<{ dashboard: DashboardModel }>(`/api/dashboards/uid/${uid}`, undefined, undefined, { showErrorAlert: false })
      .then(({ dashboard }) => {
        if (!cancelled) {
          setState({ status: 'loaded', title: dashboard.title, scene: buildDashboardScene(dashboard) });
        }
      })
      .catch((error: unknown) => {
        if (!cancelled) {
          setState({ status: 'error', message: (error as { message?: string }).message ?? String(error) });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [uid]);

  if (state.status === 'loading') {
    return <LoadingPlaceholder text="Loading dashboard..." />;
  }
  if (state.status === 'error') {
    return (
      <Alert severity="error" title={`Dashboard ${uid} failed to load`}>
        {state.message}
      </Alert>
    );
  }
  return (
    <HostPluginPage pageNav={{ text: state.title }}>
      <UrlSyncContextProvider scene={state.scene} updateUrlOnInit createBrowserHistorySteps>
        <state.scene.Component model={state.scene} />
      </UrlSyncContextProvider>
    </HostPluginPage>
  );
}
