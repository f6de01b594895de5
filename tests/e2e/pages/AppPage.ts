import type { Locator, Page } from '@playwright/test';
import pluginJson from '../../../src/plugin.json';

export const APP_ID = pluginJson.id;

/** An app page at Grafana's path `/a/<app id>/...` (the same in Grafana and in the stand-in host). */
export class AppPage {
  constructor(readonly page: Page) {}

  async goto(path = ''): Promise<void> {
    await this.page.goto(`/a/${APP_ID}${path}`);
  }

  /** The page's title (Grafana's page header renders it as the only h1). */
  title(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** The app's pages listed in plugin.json that live under /a/<app id>/. */
  static navPages(): Array<{ name: string; path: string }> {
    const prefix = `/a/${APP_ID}`;
    return pluginJson.includes
      .filter((include) => include.type === 'page' && 'path' in include && include.path !== undefined)
      .map((include) => ({ name: include.name, path: (include as { path: string }).path.replace('%PLUGIN_ID%', APP_ID) }))
      .filter((include) => include.path.startsWith(prefix))
      .map((include) => ({ name: include.name, path: include.path.slice(prefix.length) }));
  }
}
