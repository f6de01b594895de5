import { expect, test } from './fixtures';
import { APP_ID } from './pages/AppPage';
import { DEMO_DASHBOARD } from './pages/DashboardPage';
import { saveScreenshot } from './screenshots';
import { readTimings, reportTiming } from './timings';

/** The worker can take a while on a busy two-core machine: fitting the model is real work. */
const SCORING_TIMEOUT_MS = 60_000;

test('the anomaly panel scores the demo series in a Web Worker', async ({ dashboardPage, page }, testInfo) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));

  await dashboardPage.goto(DEMO_DASHBOARD.uid, DEMO_DASHBOARD);
  const panel = dashboardPage.anomalyPanel();
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute('data-state', /^(scored|error)$/, { timeout: SCORING_TIMEOUT_MS });
  expect(await panel.getAttribute('data-state'), `the panel reports: ${await panel.innerText()}`).toBe('scored');

  await expect(panel).toHaveAttribute('data-series-count', String(DEMO_DASHBOARD.seriesCount));
  const anomalies = Number(await panel.getAttribute('data-anomaly-count'));
  expect(anomalies, 'the window holds a traffic spike and an outage').toBeGreaterThan(0);
  const pluginWorkers = workers.filter((url) => url.includes(`/public/plugins/${APP_ID}/`) || url.startsWith('blob:'));
  expect(
    pluginWorkers,
    `the panel scored in a Web Worker of the plugin (page workers: ${workers.join(', ') || 'none'})`
  ).not.toEqual([]);

  const { panelMounted, panelScored } = await readTimings(page);
  reportTiming(testInfo, 'dashboard: anomaly panel mounted after navigation start', panelMounted);
  reportTiming(testInfo, 'dashboard: anomaly panel scored after navigation start', panelScored);
  testInfo.annotations.push({ type: 'anomalies', description: String(anomalies) });
  await saveScreenshot(page, testInfo, 'dashboard-anomaly-panel');
});
