import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { DEMO_DASHBOARD } from './pages/DashboardPage';

test("the app's root opens the Detectors page", async ({ page }) => {
  await page.goto('/a/vigil-anomaly-app');
  await expect(page).toHaveURL(/\/a\/vigil-anomaly-app\/detectors$/);
  await expect(page.getByTestId(testIds.detectors.page)).toBeVisible();
});

test('"Create detector" on the panel opens the editor prefilled with the panel query', async ({
  dashboardPage,
  page,
}) => {
  await dashboardPage.goto(DEMO_DASHBOARD.uid, DEMO_DASHBOARD);
  await expect(dashboardPage.anomalyPanel()).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
  await page.getByTestId(testIds.panel.createDetector).click();
  await expect(page).toHaveURL(/\/a\/vigil-anomaly-app\/detectors\/new/);
  await expect(page.getByTestId(testIds.editor.query)).toHaveValue('demo_http_requests_per_second{job="vigil-demo"}');
});
