import { testIds } from '../../src/components/testIds';
import { generateMultivariateMetrics } from '../../src/engine/synthetic/multivariateMetrics';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

const MULTIVARIATE_DASHBOARD = {
  uid: 'vigil-multivariate',
  from: '2026-01-10T00:00:00.000Z',
  to: '2026-01-12T00:00:00.000Z',
};
/** A flagged point may trail its window by a few steps. */
const SLACK_MS = 20 * 60_000;

test('a multivariate panel joins four queries by instance, fits each target on its history, flags the broken relations and names the metrics', async ({
  dashboardPage,
  page,
}, testInfo) => {
  await dashboardPage.goto(MULTIVARIATE_DASHBOARD.uid, MULTIVARIATE_DASHBOARD);
  const panel = dashboardPage.anomalyPanel();
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: 90_000 });
  // Six services, one joined result each (24 series in, 6 targets out).
  await expect(panel).toHaveAttribute('data-series-count', '6');
  // Each target is fitted on the two days before the visible range, as `vigil detect` fits on its history.
  await expect(panel).toHaveAttribute('data-fitted-on-history', '6');

  const targets = generateMultivariateMetrics();
  const found = ((await panel.getAttribute('data-anomaly-timestamps')) ?? '').split(',').filter(Boolean).map(Number);
  for (const target of targets.filter((one) => one.scenario !== 'none')) {
    const [start, end] = target.anomalyWindows[0];
    expect(
      found.some((time) => time >= start && time <= end + SLACK_MS),
      `${target.instance}: the ${target.scenario} decoupling is flagged`
    ).toBe(true);
  }
  const contributions = page.getByTestId(testIds.panel.contributions);
  await expect(contributions).toBeVisible();
  // The panel has room for three lines, given to the most anomalous targets: here three of the decoupled services
  // (not svc-3, whose few flags are false alarms), each line led by the metric that broke away.
  const lines = await contributions.locator(':scope > div').allTextContents();
  expect(lines).toHaveLength(3);
  const decoupled = new Map(
    targets.filter((one) => one.scenario !== 'none').map((one) => [`{instance="${one.instance}"}`, one.scenario])
  );
  for (const line of lines) {
    const [target, leading] = line.split(/: | /);
    expect(decoupled.get(target), `${line}: a decoupled service, led by its broken metric`).toBe(leading);
  }
  await saveScreenshot(page, testInfo, 'ui-panel-multivariate');
});
