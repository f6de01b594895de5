import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

const QUERY = 'demo_http_requests_per_second{job="vigil-demo",instance="web-2"}';

test('the detector editor shows a neural preview training in the worker: epochs as a bar, loss in words', async ({
  page,
}, testInfo) => {
  const params = new URLSearchParams({ query: QUERY, model: 'autoencoder', days: '3', until: '2026-01-12T00:00:00Z' });
  await page.goto(`/a/vigil-anomaly-app/detectors/new?${params.toString()}`);
  await expect(page.getByTestId(testIds.editor.query)).toHaveValue(QUERY);

  await page.getByTestId(testIds.editor.runPreview).click();
  // A causal preview trains when it has seen 1,024 points (the default minFitPoints), and again as history grows.
  const training = page.getByTestId(testIds.editor.previewTraining);
  await expect(training).toHaveAttribute('data-epoch', /^[1-9]\d*$/, { timeout: 60_000 });
  await expect(training).toHaveAttribute('data-epochs', '20');
  // The worker trains on TF.js's WebAssembly backend, fetched from the plugin's own files.
  await expect(training).toHaveAttribute('data-backend', 'wasm');
  await expect(training).toContainText(
    /Training autoencoder in the worker: series 1 of 1 on [\d,]+ points, epoch \d+ of at most 20.*, on WebAssembly…/
  );
  await expect(training.getByRole('progressbar')).toBeVisible();
  await expect(page.getByTestId(testIds.editor.runPreview)).toHaveText('Training…');
  await saveScreenshot(page, testInfo, 'ui-detector-training');

  const preview = page.getByTestId(testIds.editor.preview);
  await expect(preview).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(training).toHaveCount(0);
  await expect(page.getByTestId(testIds.editor.alertsPerWeek)).toBeVisible();
  await expect(page.getByTestId(testIds.editor.previewChart)).toBeVisible();
  await saveScreenshot(page, testInfo, 'ui-detector-training-done');
});
