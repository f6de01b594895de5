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

  /** The app's pages listed in plugin.json that live under /a/<app id>/, with paths relative to it. */
  static navPages(): Array<{ name: string; path: string; defaultNav: boolean }> {
    const prefix = `/a/${APP_ID}`;
    return pluginJson.includes
      .flatMap((include) =>
        'path' in include && include.type === 'page'
          ? [include as { name: string; path: string; defaultNav?: boolean }]
          : []
      )
      .map((include) => ({ ...include, path: include.path.replace('%PLUGIN_ID%', APP_ID) }))
      .filter((include) => include.path.startsWith(prefix))
      .map((include) => ({
        name: include.name,
        path: include.path.slice(prefix.length),
        defaultNav: include.defaultNav === true,
      }));
  }

  /** The page Grafana's navigation opens for the app (plugin.json `defaultNav`). */
  static defaultPage(): { name: string; path: string } {
    const page = AppPage.navPages().find((candidate) => candidate.defaultNav);
    if (!page) {
      throw new Error('src/plugin.json has no page with "defaultNav": true under /a/<app id>/');
    }
    return page;
  }
}
