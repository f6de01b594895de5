import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { DEMO_DASHBOARD } from './pages/DashboardPage';
import { saveScreenshot } from './screenshots';

interface Silence {
  id: string;
  createdBy: string;
  comment: string;
  startsAt: string;
  endsAt: string;
  status: { state: string };
  matchers: Array<{ name: string; value: string; isEqual: boolean; isRegex: boolean }>;
}

test('"Mute this series" from the panel creates a silence for exactly that series, still shown after a reload', async ({
  dashboardPage,
  page,
  baseURL,
}, testInfo) => {
  await dashboardPage.goto(DEMO_DASHBOARD.uid, DEMO_DASHBOARD);
  const panel = dashboardPage.anomalyPanel();
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
  const first = Number(((await panel.getAttribute('data-anomaly-timestamps')) ?? '').split(',')[0]);

  // Pin the tooltip on the first anomaly, then mute its series from there.
  const chart = page.getByTestId(testIds.panel.chart).locator('.u-over');
  const box = (await chart.boundingBox())!;
  const from = Date.parse(DEMO_DASHBOARD.from);
  const to = Date.parse(DEMO_DASHBOARD.to);
  const x = box.x + ((first - from) / (to - from)) * box.width;
  const pinTooltip = async () => {
    await page.mouse.move(x, box.y + box.height / 2);
    await expect(page.getByTestId(testIds.panel.explanation).first()).toBeVisible();
    await page.mouse.click(x, box.y + box.height / 2);
  };
  await pinTooltip();
  await page.getByTestId(testIds.panel.muteSeries).first().click();

  const matchers = page.getByTestId(testIds.muteDialog.matchers);
  await expect(matchers).toContainText('alertname="VigilAnomaly"');
  await expect(matchers).toContainText('metric="demo_http_requests_per_second"');
  const instance = /instance="([^"]+)"/.exec((await matchers.textContent()) ?? '')?.[1];
  expect(instance).toMatch(/^web-/);
  const comment = `panel spec ${Date.now()}`;
  await page.getByTestId(testIds.muteDialog.comment).fill(comment);
  await page.getByTestId(testIds.muteDialog.duration).fill('2h');
  await saveScreenshot(page, testInfo, 'ui-panel-mute-dialog');
  await page.getByTestId(testIds.muteDialog.submit).click();
  await expect(page.getByTestId(testIds.muteDialog.matchers)).toBeHidden();

  // Confirmed where the user is, and the tooltip no longer invites a second silence for the series.
  await expect(
    page.getByText(`Muted demo_http_requests_per_second{instance="${instance}", job="vigil-demo"`)
  ).toBeVisible();
  await expect(page.getByText(/silenced in Alertmanager until .* \(silence [0-9a-f-]+\)/)).toBeVisible();
  const tooltip = page.getByTestId(testIds.panel.tooltip).filter({ hasText: instance! });
  await expect(tooltip.getByTestId(testIds.panel.seriesMuted)).toContainText('Muted until');
  await expect(tooltip.getByTestId(testIds.panel.muteSeries)).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'ui-panel-muted');

  // Opened again, the panel reads the silence from Alertmanager and still does not offer a second one.
  await page.reload();
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
  await pinTooltip();
  const reopened = page.getByTestId(testIds.panel.tooltip).filter({ hasText: instance! });
  await expect(reopened.getByTestId(testIds.panel.seriesMuted)).toContainText('Muted until');
  await expect(reopened.getByTestId(testIds.panel.muteSeries)).toHaveCount(0);

  const am = `${baseURL}/api/alertmanager/alertmanager/api/v2`;
  const silences = (await (await fetch(`${am}/silences`)).json()) as Silence[];
  const ours = silences.filter((silence) => silence.comment === comment && silence.status.state === 'active');
  expect(ours).toHaveLength(1);
  expect(ours[0].createdBy).toBe('vigil');
  const lastsMs = Date.parse(ours[0].endsAt) - Date.parse(ours[0].startsAt);
  expect(Math.abs(lastsMs - 2 * 3_600_000), 'the silence lasts the 2h chosen').toBeLessThan(60_000);
  expect(ours[0].matchers).toContainEqual({ name: 'instance', value: instance, isEqual: true, isRegex: false });
  expect(ours[0].matchers.some((matcher) => matcher.name === 'vigil_detector')).toBe(false);
  await fetch(`${am}/silence/${ours[0].id}`, { method: 'DELETE' });
});
