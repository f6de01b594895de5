import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { expect, test } from './fixtures';
import { DEMO_DASHBOARD } from './pages/DashboardPage';
import { saveScreenshot } from './screenshots';

const SCORING_TIMEOUT_MS = 60_000;

test('the expected band of a requests-per-second series never goes below zero, spike and outage included', async ({
  dashboardPage,
  page,
}, testInfo) => {
  await dashboardPage.goto(DEMO_DASHBOARD.uid, DEMO_DASHBOARD);
  const panel = dashboardPage.anomalyPanel();
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: SCORING_TIMEOUT_MS });

  const requests = generateServerMetrics().filter((s) => s.labels.__name__ === 'demo_http_requests_per_second');
  expect(requests.every((s) => s.values.every((v) => v >= 0))).toBe(true);
  const lowest = await panel.getAttribute('data-band-lower-min');
  expect(lowest, 'the panel drew a band').not.toBe('');
  expect(Number(lowest)).toBeGreaterThanOrEqual(0);
  await saveScreenshot(page, testInfo, 'ui-panel-band-after-spike');
});
