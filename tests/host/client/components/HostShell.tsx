import { css } from '@emotion/css';
import { ThemeContext, type GrafanaTheme2 } from '@grafana/data';
import { config, locationService, LocationServiceProvider } from '@grafana/runtime';
import { GlobalStyles, PortalContainer, useStyles2 } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import { Navigate, Route, Router, Routes, useLocation } from 'react-router';
import type { HostInfo } from '../../hostInfo';
import type { PluginImporter } from '../pluginImport';
import { AppConfigPage } from './AppConfigPage';
import { AppRootPage } from './AppRootPage';
import { DashboardPage } from './DashboardPage';
import { Notifications } from './Notifications';

export const HEADER_HEIGHT = 48;

function HistoryRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useEffect(() => history.listen((next: typeof location) => setLocation(next)), [history]);
  return (
    <Router location={location} navigator={history}>
      {children}
    </Router>
  );
}

function Header({ host }: { host: HostInfo }) {
  const styles = useStyles2(getStyles);
  const configUrl = `/plugins/${host.appId}`;
  const appLinks = host.navLinks.some((link) => link.url === configUrl)
    ? host.navLinks
    : [...host.navLinks, { text: 'Configuration', url: configUrl }];
  return (
    <header className={styles.header}>
      <strong title="A test host that loads the built plugin the way Grafana does. It is not Grafana.">
        Vigil stand-in host (not Grafana)
      </strong>
      <nav className={styles.nav} aria-label="Host navigation">
        {appLinks.map((link) => (
          <a key={link.url} href={link.url}>
            {link.text}
          </a>
        ))}
        {host.dashboards.map((dashboard) => (
          <a key={dashboard.uid} href={`/d/${dashboard.uid}`}>
            {dashboard.title}
          </a>
        ))}
      </nav>
    </header>
  );
}

/** Grafana's React tree reduced to what plugins rely on: theme, router, location service, portals, page routes. */
export function HostShell({ host, importer }: { host: HostInfo; importer: PluginImporter }) {
  return (
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <HistoryRouter>
          <Layout host={host} importer={importer} />
        </HistoryRouter>
      </LocationServiceProvider>
    </ThemeContext.Provider>
  );
}

/** Same-origin link clicks navigate inside the single-page app, as in Grafana, instead of reloading the page. */
function useLinkInterception() {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      ) {
        return;
      }
      const anchor = event.target instanceof Element ? event.target.closest('a') : null;
      if (!anchor || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) {
        return;
      }
      const url = new URL(anchor.href, window.location.href);
      if (
        url.origin !== window.location.origin ||
        url.pathname.startsWith('/public/') ||
        url.pathname.startsWith('/api/')
      ) {
        return;
      }
      event.preventDefault();
      locationService.push(url.pathname + url.search + url.hash);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
}

function Layout({ host, importer }: { host: HostInfo; importer: PluginImporter }) {
  const styles = useStyles2(getStyles);
  useLinkInterception();
  // locationService.reload() bumps this counter; Grafana then mounts the page afresh (plugins rely on it after saving).
  const reloadCounter = (useLocation().state as { routeReloadCounter?: number } | null)?.routeReloadCounter ?? 0;
  return (
    <div className={styles.shell}>
      <Header host={host} />
      <main className={styles.main}>
        <Routes key={reloadCounter}>
          <Route path="/a/:pluginId/*" element={<AppRootPage importer={importer} />} />
          <Route path="/plugins/:pluginId" element={<AppConfigPage importer={importer} />} />
          <Route path="/d/:uid/*" element={<DashboardPage />} />
          <Route path="/" element={<Navigate to={host.navLinks[0]?.url ?? `/plugins/${host.appId}`} replace />} />
          <Route path="*" element={<p>The stand-in host has no page at this address.</p>} />
        </Routes>
      </main>
      <Notifications />
      <PortalContainer />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  shell: css({ display: 'flex', flexDirection: 'column', height: '100vh', background: theme.colors.background.canvas }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(3),
    height: HEADER_HEIGHT,
    flexShrink: 0,
    padding: theme.spacing(0, 2),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
  }),
  nav: css({ display: 'flex', gap: theme.spacing(2), a: { color: theme.colors.text.link } }),
  main: css({ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, overflow: 'auto' }),
});
