import { testIds } from '../../src/components/testIds';
import { recordDetectorRun } from '../../src/cli/metrics/recordRun';
import { createRunMetrics } from '../../src/cli/metrics/vigilMetrics';
import { PUSH_JOB } from '../../src/cli/run/pushJob';
import { PushgatewayClient } from '../../src/clients';
import { LAST_RUN_QUERY } from '../../src/utils/api/lastRuns';
import { expect, test } from './fixtures';
import { DEMO_DASHBOARD } from './pages/DashboardPage';
import { RIG_ENV, targetBaseUrl } from './rigEnv';
import { saveScreenshot } from './screenshots';

const SETTINGS_URL = () => `${targetBaseUrl()}/api/plugins/vigil-anomaly-app/settings`;

interface AppSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
}

async function readSettings(): Promise<AppSettings> {
  return (await (await fetch(SETTINGS_URL())).json()) as AppSettings;
}

async function writeSettings(settings: AppSettings): Promise<void> {
  const response = await fetch(SETTINGS_URL(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled: settings.enabled, pinned: settings.pinned, jsonData: settings.jsonData }),
  });
  expect(response.status, 'app settings saved').toBe(200);
}

/** Runs `body` with the app's detectors replaced by `detectors`, then puts the original settings back. */
async function withDetectors(detectors: unknown[], body: () => Promise<void>): Promise<void> {
  const original = await readSettings();
  await writeSettings({ ...original, jsonData: { ...original.jsonData, detectors } });
  try {
    await body();
  } finally {
    await writeSettings(original);
  }
}

const detector = (id: string) => ({
  id,
  name: id,
  query: 'demo_http_requests_per_second{job="vigil-demo"}',
  datasourceUid: 'prometheus',
});

test('an app without detectors says where to start, with links to the panel and the demo', async ({
  page,
}, testInfo) => {
  await withDetectors([], async () => {
    await page.goto('/a/vigil-anomaly-app/detectors');
    const empty = page.getByTestId(testIds.detectors.empty);
    await expect(empty).toContainText('where to start');
    await expect(empty.getByTestId(testIds.detectors.startPanel)).toHaveAttribute('href', /\/dashboard\/new$/);
    await expect(empty).toContainText('vigil demo');
    await saveScreenshot(page, testInfo, 'ui-detectors-empty');

    await empty.getByTestId(testIds.detectors.startDemo).click();
    await expect(page).toHaveURL(new RegExp(`/d/${DEMO_DASHBOARD.uid}`));
    await expect(page.getByTestId(testIds.panel.root)).toBeVisible({ timeout: 30_000 });
  });
});

test('a detector the CronJob runs shows its last run from Prometheus; one whose runs fail shows "Failing"; one nothing runs shows "Not deployed"', async ({
  page,
}, testInfo) => {
  const pushgatewayUrl = process.env[RIG_ENV.pushgatewayUrl];
  const prometheusUrl = process.env[RIG_ENV.prometheusUrl];
  test.skip(!pushgatewayUrl || !prometheusUrl, 'needs the rig Pushgateway scraped by the rig Prometheus');
  const suffix = Date.now().toString(36);
  const deployed = `deployed-${suffix}`;
  const idle = `idle-${suffix}`;
  const failing = `failing-${suffix}`;
  const finishedAtSeconds = Math.floor(Date.now() / 1000) - 120;

  // The run metrics the CLI pushes after a run, through its own registry and Pushgateway client.
  const pushgateway = new PushgatewayClient({ baseUrl: pushgatewayUrl! });
  const pushRun = async (id: string, succeeded: boolean) => {
    const registry = createRunMetrics();
    const errors = succeeded ? 0 : 1;
    recordDetectorRun(
      registry,
      {},
      { durationSeconds: 1.5, seriesScored: 2, anomalies: 0, samplesRead: 240, errors, finishedAtSeconds, succeeded }
    );
    const group = { vigil_detector: id, shard: '0' };
    await pushgateway.push(PUSH_JOB, group, registry.render());
    return group;
  };
  const groups = [await pushRun(deployed, true), await pushRun(failing, false)];
  try {
    await expect
      .poll(
        async () => {
          const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(LAST_RUN_QUERY)}`;
          const body = (await (await fetch(url)).json()) as {
            data: { result: Array<{ metric: Record<string, string> }> };
          };
          const scraped = new Set(body.data.result.map((sample) => sample.metric.vigil_detector));
          return scraped.has(deployed) && scraped.has(failing);
        },
        { message: 'Prometheus scraped the pushed run metrics', timeout: 30_000 }
      )
      .toBe(true);

    await withDetectors([detector(deployed), detector(failing), detector(idle)], async () => {
      await page.goto('/a/vigil-anomaly-app/detectors');
      const deployedRow = page.locator(`[data-detector-id="${deployed}"]`);
      const idleRow = page.locator(`[data-detector-id="${idle}"]`);
      await expect(deployedRow).toHaveAttribute('data-status', 'ok');
      await expect(deployedRow).toHaveAttribute('data-last-run', String(finishedAtSeconds * 1000));
      await expect(deployedRow.getByTestId(testIds.detectors.lastRun)).toContainText('2 minutes ago');
      const failingRow = page.locator(`[data-detector-id="${failing}"]`);
      await expect(failingRow).toHaveAttribute('data-status', 'failing');
      await expect(failingRow.getByTestId(testIds.detectors.status)).toContainText('Failing');
      await expect(failingRow.getByTestId(testIds.detectors.lastRun)).toContainText('2 minutes ago');
      await expect(idleRow).toHaveAttribute('data-status', 'not-deployed');
      await expect(idleRow.getByTestId(testIds.detectors.status)).toContainText('Not deployed');
      await expect(idleRow.getByTestId(testIds.detectors.lastRun)).toContainText('never');
      await saveScreenshot(page, testInfo, 'ui-detectors-deployed');
    });
  } finally {
    for (const group of groups) {
      await pushgateway.deleteGroup(PUSH_JOB, group);
    }
  }
});

test('a new detector under a stored id is refused and nothing is written; a detector that fails validation can be deleted', async ({
  page,
}, testInfo) => {
  const stored = { ...detector('api-latency'), name: 'API latency' };
  const invalid = { ...detector('broken'), sensitivity: 5 };
  await withDetectors([stored, invalid], async () => {
    const params = new URLSearchParams({ name: 'Something else', id: 'api-latency', query: 'demo_memory_used_bytes' });
    await page.goto(`/a/vigil-anomaly-app/detectors/new?${params.toString()}`);
    await expect(page.getByTestId(testIds.editor.query)).toHaveValue('demo_memory_used_bytes');
    await page.getByTestId(testIds.editor.save).click();
    await expect(page.getByTestId(testIds.editor.error)).toContainText(
      'A detector with id "api-latency" exists already ("API latency"): pick another id, or open that detector.'
    );
    await expect(page.getByRole('link', { name: 'Open the detector "api-latency"' })).toBeVisible();
    expect((await readSettings()).jsonData.detectors).toEqual([stored, invalid]);
    await saveScreenshot(page, testInfo, 'ui-detector-id-taken');

    await page.goto('/a/vigil-anomaly-app/detectors/broken');
    const lines = page.getByTestId(testIds.editor.errorLines).getByRole('listitem');
    await expect(lines).toHaveCount(1);
    await expect(lines.first()).toContainText('sensitivity');
    await page.getByTestId(testIds.editor.delete).click();
    await expect(page.getByRole('dialog')).toContainText('Delete the detector "broken" from the app\'s settings?');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page).toHaveURL(/\/detectors$/);
    await expect(page.locator('[data-detector-id="broken"]')).toHaveCount(0);
    expect((await readSettings()).jsonData.detectors).toEqual([stored]);
  });
});
