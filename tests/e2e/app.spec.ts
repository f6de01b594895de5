import { expect, test } from './fixtures';
import { AppPage } from './pages/AppPage';
import { saveScreenshot } from './screenshots';
import { readTimings } from './timings';

test.describe('app pages', () => {
  test('the app opens on its default page', async ({ appPage, page }, testInfo) => {
    await appPage.goto();
    await expect(appPage.title()).toBeVisible();
    await page.waitForLoadState('networkidle');
    const { firstHeading } = await readTimings(page);
    testInfo.annotations.push({ type: 'time to first heading (ms)', description: String(Math.round(firstHeading ?? NaN)) });
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
