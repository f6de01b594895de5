import { expect, type Locator, type Page } from '@playwright/test';
import { testIds } from '../../../src/components/testIds';
import { APP_ID } from './AppPage';

/** The app's configuration page, a tab of Grafana's plugin page `/plugins/<app id>`. */
export class ConfigPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto(`/plugins/${APP_ID}?page=configuration`);
    await expect(this.form()).toBeVisible();
  }

  form(): Locator {
    return this.page.getByTestId(testIds.appConfig.container);
  }

  alertmanagerUid(): Locator {
    return this.page.getByTestId(testIds.appConfig.alertmanagerUid);
  }

  prometheusUid(): Locator {
    return this.page.getByTestId(testIds.appConfig.prometheusUid);
  }

  remediationUrl(): Locator {
    return this.page.getByTestId(testIds.appConfig.remediationUrl);
  }

  remediationToken(): Locator {
    return this.page.getByTestId(testIds.appConfig.remediationToken).locator('input');
  }

  /** Submits the form and waits until Grafana's settings API accepted it and the page reloaded. */
  async save(): Promise<void> {
    const saved = this.page.waitForResponse(
      (response) => response.url().includes(`/api/plugins/${APP_ID}/settings`) && response.request().method() === 'POST'
    );
    await this.page.getByTestId(testIds.appConfig.submit).click();
    const response = await saved;
    expect(response.ok(), `POST /api/plugins/${APP_ID}/settings answered ${response.status()}`).toBe(true);
    await this.page.waitForLoadState('load');
    await expect(this.form()).toBeVisible();
  }
}
