import { expect, test } from './fixtures';
import { AppPage } from './pages/AppPage';
import { saveScreenshot } from './screenshots';
import { readTimings, reportTiming } from './timings';

test.describe('app pages', () => {
  test('the app opens on the page Grafana links it to (defaultNav)', async ({ appPage, page }, testInfo) => {
    await appPage.goto(AppPage.defaultPage().path);
    await expect(appPage.title()).toBeVisible();
    await page.waitForLoadState('networkidle');
    const { firstHeading } = await readTimings(page);
    reportTiming(testInfo, 'app page: first heading after navigation start', firstHeading);
    await saveScreenshot(page, testInfo, 'app-default-page');
  });

  for (const navPage of AppPage.navPages()) {
    test(`the ${navPage.name} page renders`, async ({ appPage, page }, testInfo) => {
      await appPage.goto(navPage.path);
      await expect(appPage.title()).toBeVisible();
      await page.waitForLoadState('networkidle');
      await saveScreenshot(page, testInfo, `app-${navPage.name.toLowerCase().replace(/\W+/g, '-')}`);
    });
  }
});
