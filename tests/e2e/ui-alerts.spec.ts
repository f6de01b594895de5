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

test('alerts page: search, severity and description, panel and Explore links, aligned columns, mute a detector with edited matchers', async ({
  page,
  baseURL,
}, testInfo) => {
  const am = `${baseURL}/api/alertmanager/alertmanager/api/v2`;
  const suffix = Date.now().toString(36);
  const detectorA = `ui-spec-a-${suffix}`;
  const detectorB = `ui-spec-b-${suffix}`;
  const alert = (detector: string, instance: string, severity: string, annotations: Record<string, string>) => ({
    labels: {
      alertname: 'VigilAnomaly',
      vigil_detector: detector,
      severity,
      instance,
      metric: 'demo_http_requests_per_second',
    },
    annotations,
    startsAt: new Date().toISOString(),
  });
  const posted = await fetch(`${am}/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      alert(detectorA, `web-a1-${suffix}`, 'critical', {
        summary: 'Requests dropped',
        description: 'Value 3 is far below the expected 640',
      }),
      alert(detectorA, `web-a2-${suffix}`, 'warning', { summary: 'Requests rose' }),
      alert(detectorB, `web-b1-${suffix}`, 'warning', { summary: 'Spike', vigil_url: '/d/vigil-demo?viewPanel=1' }),
    ]),
  });
  expect(posted.ok).toBe(true);

  await page.goto('/a/vigil-anomaly-app/alerts');
  const rows = page.getByTestId(testIds.alerts.alert);
  const row = (instance: string) => rows.filter({ hasText: `${instance}-${suffix}` });
  const search = page.getByTestId(testIds.alerts.search);
  await search.fill(suffix);
  await expect(rows).toHaveCount(3);
  await search.fill(`far below ${suffix}`);
  await expect(rows).toHaveCount(1);
  await expect(row('web-a1')).toBeVisible();
  await search.fill(suffix);
  await expect(rows).toHaveCount(3);

  await expect(row('web-a1').getByTestId(testIds.alerts.severity)).toHaveText('critical');
  await expect(row('web-a1').getByTestId(testIds.alerts.description)).toContainText('far below the expected 640');
  await expect(row('web-b1').getByTestId(testIds.alerts.panelLink)).toHaveAttribute(
    'href',
    '/d/vigil-demo?viewPanel=1'
  );
  const explore = new URL(
    (await row('web-b1').getByTestId(testIds.alerts.exploreLink).getAttribute('href'))!,
    'http://grafana'
  );
  expect(explore.pathname).toBe('/explore');
  const pane = JSON.parse(explore.searchParams.get('panes')!).vigil;
  expect(pane.queries[0].expr).toBe(`demo_http_requests_per_second{instance="web-b1-${suffix}"}`);
  expect(pane.datasource).toBe('prometheus');

  // One table for all groups: each column starts at the same x in every group.
  const severityA = (await row('web-a2').getByTestId(testIds.alerts.severity).boundingBox())!;
  const severityB = (await row('web-b1').getByTestId(testIds.alerts.severity).boundingBox())!;
  expect(severityA.x).toBe(severityB.x);
  expect(severityA.width).toBe(severityB.width);
  await saveScreenshot(page, testInfo, 'ui-alerts-search');

  // Mute detector A, narrowed with an edited matcher: only web-a1 goes quiet.
  const groupA = page.getByTestId(testIds.alerts.group).and(page.locator(`[data-detector="${detectorA}"]`));
  await groupA.getByTestId(testIds.alerts.muteGroup).click();
  const matcherRows = page.getByTestId(testIds.muteDialog.matcherRow);
  await expect(matcherRows).toHaveCount(2);
  await expect(page.getByTestId(testIds.muteDialog.matchers)).toHaveText(
    `{alertname="VigilAnomaly", vigil_detector="${detectorA}"}`
  );
  await page.getByTestId(testIds.muteDialog.addMatcher).click();
  await page.getByTestId(testIds.muteDialog.addMatcher).click();
  await expect(matcherRows).toHaveCount(4);
  await matcherRows.nth(3).getByTestId(testIds.muteDialog.removeMatcher).click();
  await expect(matcherRows).toHaveCount(3);
  const added = matcherRows.nth(2);
  await added.getByTestId(testIds.muteDialog.matcherName).fill('instance');
  await added.getByTestId(testIds.muteDialog.matcherOperator).getByText('=~', { exact: true }).click({ force: true });
  await added.getByTestId(testIds.muteDialog.matcherValue).fill(`web-a1-.*|nothing`);
  await expect(page.getByTestId(testIds.muteDialog.matchers)).toContainText(`instance=~"web-a1-.*|nothing"`);
  await saveScreenshot(page, testInfo, 'ui-alerts-mute-matchers');
  await page.getByTestId(testIds.muteDialog.submit).click();

  await expect(row('web-a1').getByTestId(testIds.alerts.state)).toHaveAttribute('data-state', 'suppressed');
  await expect(row('web-a2').getByTestId(testIds.alerts.state)).toHaveAttribute('data-state', 'active');
  await expect(row('web-b1').getByTestId(testIds.alerts.state)).toHaveAttribute('data-state', 'active');
  const silences = (await (await fetch(`${am}/silences`)).json()) as Array<
    Silence & { matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }> }
  >;
  const ours = silences.filter(
    (silence) => silence.status.state === 'active' && silence.matchers.some((m) => m.value === detectorA)
  );
  expect(ours).toHaveLength(1);
  expect(ours[0].matchers).toContainEqual({
    name: 'instance',
    value: 'web-a1-.*|nothing',
    isRegex: true,
    isEqual: true,
  });
  await saveScreenshot(page, testInfo, 'ui-alerts-group-muted');
  await fetch(`${am}/silence/${ours[0].id}`, { method: 'DELETE' });
});
