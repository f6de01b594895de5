/** What the host server tells the host page about itself (window.__vigilHost), besides Grafana's boot data. */
export interface HostInfo {
  appId: string;
  appName: string;
  navLinks: Array<{ text: string; url: string }>;
  dashboards: Array<{ uid: string; title: string }>;
}

export const HOST_INFO_GLOBAL = '__vigilHost';
