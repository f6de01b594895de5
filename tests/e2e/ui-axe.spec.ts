import AxeBuilder from '@axe-core/playwright';
import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { DEMO_DASHBOARD } from './pages/DashboardPage';

const PAGES: Array<{ name: string; path: string; ready: string }> = [
  { name: 'detectors', path: '/a/vigil-anomaly-app/detectors', ready: testIds.detectors.page },
  { name: 'new detector', path: '/a/vigil-anomaly-app/detectors/new?query=up', ready: testIds.editor.page },
  { name: 'alerts', path: '/a/vigil-anomaly-app/alerts', ready: testIds.alerts.page },
  { name: 'configuration', path: '/plugins/vigil-anomaly-app', ready: testIds.appConfig.container },
];

for (const { name, path, ready } of PAGES) {
  test(`accessibility: ${name} page has no serious or critical axe violations`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByTestId(ready)).toBeVisible();
    const results = await new AxeBuilder({ page }).include(`[data-testid="${ready}"]`).analyze();
    const serious = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical'
    );
    expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length} nodes)`)).toEqual(
      []
    );
  });
}

test('accessibility: the anomaly panel has no serious or critical axe violations', async ({ page, dashboardPage }) => {
  await dashboardPage.goto(DEMO_DASHBOARD.uid, DEMO_DASHBOARD);
  await expect(dashboardPage.anomalyPanel()).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
  const results = await new AxeBuilder({ page }).include(`[data-testid="${testIds.panel.root}"]`).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical'
  );
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
});
