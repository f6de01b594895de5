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

test('alerts page: search, severity and description, detector and Explore links, aligned columns, mute a detector with edited matchers', async ({
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
      alert(detectorB, `web-b1-${suffix}`, 'warning', {
        summary: 'Spike',
        vigil_url: '/a/vigil-anomaly-app/detectors/web',
      }),
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
  // The app does not store detector B: its vigil_url would open "Cannot open the detector", so no link.
  await expect(row('web-b1').getByTestId(testIds.alerts.detectorLink)).toHaveCount(0);
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
  const regex = `web-a1-.*|${'nothing-of-this-run-'.repeat(8)}`;
  await added.getByTestId(testIds.muteDialog.matcherValue).fill(regex);
  await expect(page.getByTestId(testIds.muteDialog.matchers)).toContainText(`instance=~"${regex}"`);
  // The whole matcher set wraps inside the dialog, readable before confirming.
  const preview = (await page.getByTestId(testIds.muteDialog.matchers).boundingBox())!;
  const dialog = (await page.getByTestId(testIds.muteDialog.dialog).boundingBox())!;
  expect(preview.x + preview.width).toBeLessThanOrEqual(dialog.x + dialog.width);
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
    value: regex,
    isRegex: true,
    isEqual: true,
  });
  await saveScreenshot(page, testInfo, 'ui-alerts-group-muted');
  await fetch(`${am}/silence/${ours[0].id}`, { method: 'DELETE' });
});

test("someone else's silence: the page says who muted and why and never expires it; a failed Unmute stays on screen", async ({
  page,
  baseURL,
  browserProblems,
}, testInfo) => {
  const am = `${baseURL}/api/alertmanager/alertmanager/api/v2`;
  const suffix = Date.now().toString(36);
  const detector = `ui-spec-cli-${suffix}`;
  const job = `vigil-demo-${suffix}`;
  const instances = ['web-1', 'web-2', 'web-3'].map((name) => `${name}-${suffix}`);
  const posted = await fetch(`${am}/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      instances.map((instance) => ({
        labels: { alertname: 'VigilAnomaly', vigil_detector: detector, severity: 'warning', job, instance },
        annotations: { summary: `Anomalous requests on ${instance}` },
        startsAt: new Date().toISOString(),
      }))
    ),
  });
  expect(posted.ok).toBe(true);
  const silence = async (createdBy: string, comment: string, matcher: { name: string; value: string }) => {
    const response = await fetch(`${am}/silences`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ ...matcher, isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
        createdBy,
        comment,
      }),
    });
    return ((await response.json()) as { silenceID: string }).silenceID;
  };
  const alices = await silence('alice', 'Planned maintenance CHG-42', { name: 'job', value: job });
  const stateOf = async (id: string) => ((await (await fetch(`${am}/silence/${id}`)).json()) as Silence).status.state;

  await page.goto(`/a/vigil-anomaly-app/alerts?search=${suffix}`);
  const rows = page.getByTestId(testIds.alerts.alert);
  await expect(rows).toHaveCount(3);
  for (const instance of instances) {
    const row = rows.filter({ hasText: instance });
    await expect(row.getByTestId(testIds.alerts.state)).toHaveAttribute('data-state', 'suppressed');
    await expect(row.getByTestId(testIds.alerts.mutedBy)).toContainText("Muted by alice's silence until");
    await expect(row.getByTestId(testIds.alerts.mutedBy)).toContainText('Planned maintenance CHG-42');
    await expect(row.getByTestId(testIds.alerts.unmute)).toHaveCount(0);
  }
  await expect(page.getByTestId(testIds.alerts.silences)).not.toContainText('CHG-42');
  // The detector is not stored in the app (as one defined only in the CLI's config): no link to an editor.
  const group = page.getByTestId(testIds.alerts.group).and(page.locator(`[data-detector="${detector}"]`));
  await expect(group).toContainText('(not in the app)');
  await expect(group.getByRole('link', { name: detector })).toHaveCount(0);
  await page.getByTestId(testIds.alerts.search).fill(`muted ${suffix}`);
  await expect(rows).toHaveCount(3);
  await saveScreenshot(page, testInfo, 'ui-alerts-muted-by-someone-else');

  // Vigil mutes web-1 too: its Unmute expires Vigil's silence only, and says alice's remains.
  const ours = await silence('vigil', 'UI spec', { name: 'instance', value: instances[0] });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const first = rows.filter({ hasText: instances[0] });
  await expect(first.getByTestId(testIds.alerts.mutedBy)).toHaveCount(2);

  // A failed DELETE is reported as the unmute's failure, and the reload after it does not clear it.
  browserProblems.expectConsoleError(/status of 502/);
  await page.route('**/api/v2/silence/*', (route) =>
    route.request().method() === 'DELETE'
      ? route.fulfill({ status: 502, contentType: 'application/json', body: '"proxy: Alertmanager is down"' })
      : route.fallback()
  );
  await first.getByTestId(testIds.alerts.unmute).click();
  const message = page.getByTestId(testIds.alerts.unmuteMessage);
  await expect(message).toContainText(`Could not unmute ${detector} {instance="${instances[0]}", job="${job}"}:`);
  await expect(message).toContainText('answered HTTP 502: proxy: Alertmanager is down');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId(testIds.alerts.silences)).toBeVisible();
  await expect(message).toContainText('Could not unmute');
  await saveScreenshot(page, testInfo, 'ui-alerts-unmute-failed');
  await page.unroute('**/api/v2/silence/*');
  expect(await stateOf(ours)).toBe('active');

  await first.getByTestId(testIds.alerts.unmute).click();
  await expect(message).toContainText("is still muted by alice's silence until");
  await expect(first.getByTestId(testIds.alerts.mutedBy)).toHaveCount(1);
  await expect(first.getByTestId(testIds.alerts.state)).toHaveAttribute('data-state', 'suppressed');
  expect(await stateOf(ours)).toBe('expired');
  expect(await stateOf(alices)).toBe('active');

  // Silences that cannot be read are not described as none.
  await page.route('**/api/v2/silences*', (route) =>
    route.request().method() === 'GET' ? route.fulfill({ status: 502, body: 'bad gateway' }) : route.fallback()
  );
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId(testIds.alerts.error)).toContainText('Alertmanager list silences');
  await expect(page.getByTestId(testIds.alerts.silences)).toHaveCount(0);
  await page.unroute('**/api/v2/silences*');
  await fetch(`${am}/silence/${alices}`, { method: 'DELETE' });
});
