import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

test('the configuration page saves a setting and shows it after a reload', async ({ configPage, page }, testInfo) => {
  await configPage.goto();
  const field = configPage.alertmanagerUid();
  const original = await field.inputValue();
  const changed = `${original || 'alertmanager'}-e2e`;

  await field.fill(changed);
  await configPage.save();
  await expect(configPage.alertmanagerUid()).toHaveValue(changed);

  await page.reload();
  await expect(configPage.alertmanagerUid()).toHaveValue(changed);
  await saveScreenshot(page, testInfo, 'app-configuration');

  await configPage.alertmanagerUid().fill(original);
  await configPage.save();
  await page.reload();
  await expect(configPage.alertmanagerUid()).toHaveValue(original);
});
