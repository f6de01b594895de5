import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { testIds } from '../../src/components/testIds';
import { eventually, untilHealthy } from '../integration/eventually';
import { type ServerHandle, startAlertmanager } from '../stack';
import { freeLoopbackPort } from '../stack/freePort';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

const CLI = resolve(__dirname, '../../dist-cli/vigil.js');
const TOKEN = 'ui-remediations-token-0123456789';

let receiver: ChildProcess | undefined;
let alertmanager: ServerHandle | undefined;

test.afterEach(async () => {
  if (receiver && receiver.exitCode === null) {
    const exited = new Promise((done) => receiver!.once('exit', done));
    receiver.kill('SIGTERM');
    await exited;
  }
  await alertmanager?.stop();
});

test('the Remediations page lists what vigil remediate did for an alert delivered by a real Alertmanager, linked from the alert', async ({
  page,
  baseURL,
  configPage,
  browserProblems,
}, testInfo) => {
  test.skip(!existsSync(CLI), 'run "npm run build" first: dist-cli/vigil.js is missing');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ui-remediate-'));
  const port = await freeLoopbackPort();
  writeFileSync(
    join(dir, 'config.yaml'),
    stringify({
      model_path: join(dir, 'state'),
      activities: [
        {
          name: 'restart-checkout',
          match: '{vigil_detector="ui-remediate"}',
          action: { type: 'command', argv: [process.execPath, '-e', 'process.exit(0)'], timeout: '10s' },
          cooldown: '1h',
        },
      ],
    })
  );
  receiver = spawn(
    process.execPath,
    [CLI, 'remediate', '--config', join(dir, 'config.yaml'), '--port', String(port), '--host', '127.0.0.1'],
    {
      env: { PATH: process.env.PATH ?? '', VIGIL_REMEDIATE_TOKEN: TOKEN },
      stdio: 'ignore',
    }
  );
  const receiverUrl = `http://127.0.0.1:${port}`;
  await untilHealthy(receiverUrl);
  alertmanager = await startAlertmanager({ webhook: { url: `${receiverUrl}/webhook`, bearerToken: TOKEN } });

  const instance = `checkout-${Date.now().toString(36)}`;
  const labels = { alertname: 'VigilAnomaly', vigil_detector: 'ui-remediate', severity: 'critical', instance };
  const alert = JSON.stringify([{ labels, annotations: {}, startsAt: new Date().toISOString() }]);
  // The receiver acts on what its Alertmanager delivers; the app's Alertmanager shows the same alert.
  for (const target of [
    `${alertmanager.url}/api/v2/alerts`,
    `${baseURL}/api/alertmanager/alertmanager/api/v2/alerts`,
  ]) {
    const posted = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: alert,
    });
    expect(posted.ok).toBe(true);
  }
  await eventually(
    async () =>
      (
        (await (
          await fetch(`${receiverUrl}/api/v1/actions`, { headers: { Authorization: `Bearer ${TOKEN}` } })
        ).json()) as {
          actions: Array<{ outcome: string }>;
        }
      ).actions.map((action) => action.outcome),
    // The action is listed as started while it runs; the page below shows its outcome.
    (outcomes) => outcomes.length === 1 && outcomes[0] !== 'started',
    20_000
  );

  await page.goto('/a/vigil-anomaly-app/remediations');
  await expect(page.getByTestId(testIds.remediations.notConfigured)).toBeVisible();

  await configPage.goto();
  await configPage.remediationUrl().fill(receiverUrl);
  await configPage.remediationToken().fill(TOKEN);
  await configPage.save();
  try {
    await page.goto('/a/vigil-anomaly-app/alerts');
    const row = page.getByTestId(testIds.alerts.alert).filter({ hasText: instance });
    await row.getByTestId(testIds.alerts.remediationsLink).click();

    await expect(page).toHaveURL(/\/remediations\?fingerprint=[0-9a-f]+/);
    const action = page.getByTestId(testIds.remediations.row);
    await expect(action).toHaveCount(1);
    await expect(action).toContainText('restart-checkout');
    await expect(action).toContainText(instance);
    await expect(action.getByTestId(testIds.remediations.outcome)).toHaveText('Succeeded');
    await expect(page.getByTestId(testIds.remediations.alertFilter)).toBeVisible();
    await saveScreenshot(page, testInfo, 'ui-remediations-alert');

    // A wrong token is the receiver's 401, explained.
    await configPage.goto();
    await expect(configPage.remediationToken()).toHaveValue('configured');
    await page.getByTestId(testIds.appConfig.remediationToken).getByRole('button', { name: 'Reset' }).click();
    await configPage.remediationToken().fill('not-the-token');
    await configPage.save();
    browserProblems.expectConsoleError(/status of 401 \(Unauthorized\).*plugin-proxy\/vigil-anomaly-app\/remediate/);
    await page.goto('/a/vigil-anomaly-app/remediations');
    await expect(page.getByTestId(testIds.remediations.error)).toContainText('refused the token');
    await saveScreenshot(page, testInfo, 'ui-remediations-wrong-token');
    expect(browserProblems.expected).toHaveLength(1);
  } finally {
    const settings = `${baseURL}/api/plugins/vigil-anomaly-app/settings`;
    const current = (await (await fetch(settings)).json()) as { jsonData: Record<string, unknown> };
    await fetch(settings, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jsonData: { ...current.jsonData, remediationUrl: '' },
        secureJsonData: { remediationToken: '' },
      }),
    });
  }
});
