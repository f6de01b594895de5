import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

interface Silence {
  id: string;
  createdBy: string;
  status: { state: string };
  matchers: Array<{ name: string; value: string }>;
}

test('mute an anomaly alert: a silence in the real Alertmanager, the alert suppressed; unmute: active again', async ({
  page,
  baseURL,
}, testInfo) => {
  const am = `${baseURL}/api/alertmanager/alertmanager/api/v2`;
  const instance = `web-${Date.now().toString(36)}`;
  const labels = {
    alertname: 'VigilAnomaly',
    vigil_detector: 'ui-spec',
    severity: 'warning',
    instance,
    metric: 'demo_http_requests_per_second',
  };
  const posted = await fetch(`${am}/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      { labels, annotations: { summary: `Anomalous requests on ${instance}` }, startsAt: new Date().toISOString() },
    ]),
  });
  expect(posted.ok).toBe(true);

  await page.goto('/a/vigil-anomaly-app/alerts');
  const row = page.getByTestId(testIds.alerts.alert).filter({ hasText: instance });
  await expect(row).toBeVisible();
  await expect(row.getByTestId(testIds.alerts.state)).toHaveAttribute('data-state', 'active');
  await saveScreenshot(page, testInfo, 'ui-alerts-active');

  await row.getByTestId(testIds.alerts.mute).click();
  await expect(page.getByTestId(testIds.muteDialog.matchers)).toContainText(`instance="${instance}"`);
  await page.getByTestId(testIds.muteDialog.comment).fill('UI spec mute');
  await saveScreenshot(page, testInfo, 'ui-alerts-mute-dialog');
  await page.getByTestId(testIds.muteDialog.submit).click();

  await expect(row.getByTestId(testIds.alerts.state)).toHaveAttribute('data-state', 'suppressed');
  const silences = (await (await fetch(`${am}/silences`)).json()) as Silence[];
  const ours = silences.filter(
    (silence) =>
      silence.status.state === 'active' && silence.matchers.some((m) => m.name === 'instance' && m.value === instance)
  );
  expect(ours).toHaveLength(1);
  expect(ours[0].createdBy).toBe('vigil');
  await expect(page.getByTestId(testIds.alerts.silence).filter({ hasText: instance })).toBeVisible();
  await saveScreenshot(page, testInfo, 'ui-alerts-suppressed');

  await row.getByTestId(testIds.alerts.unmute).click();
  await expect(row.getByTestId(testIds.alerts.state)).toHaveAttribute('data-state', 'active');
  const after = (await (await fetch(`${am}/silence/${ours[0].id}`)).json()) as Silence;
  expect(after.status.state).toBe('expired');
});
