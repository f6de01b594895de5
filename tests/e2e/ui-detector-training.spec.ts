import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';
import { firstShown } from './transientState';

const QUERY = 'demo_http_requests_per_second{job="vigil-demo",instance="web-2"}';

test('the detector editor shows a neural preview training in the worker: epochs as a bar, loss in words', async ({
  page,
}, testInfo) => {
  const params = new URLSearchParams({ query: QUERY, model: 'autoencoder', days: '3', until: '2026-01-12T00:00:00Z' });
  await page.goto(`/a/vigil-anomaly-app/detectors/new?${params.toString()}`);
  await expect(page.getByTestId(testIds.editor.query)).toHaveValue(QUERY);

  await page.getByTestId(testIds.editor.runPreview).click();
  // A causal preview trains when it has seen 1,024 points (the default minFitPoints), and again as history grows.
  const shown = await firstShown(page, testIds.editor.previewTraining, 'data-epoch', {
    timeout: 60_000,
    alsoRead: [testIds.editor.runPreview],
  });
  await saveScreenshot(page, testInfo, 'ui-detector-training');
  expect(shown.attributes['data-epoch']).toMatch(/^[1-9]\d*$/);
  expect(shown.attributes['data-epochs']).toBe('20');
  // The worker trains on TF.js's WebAssembly backend, fetched from the plugin's own files.
  expect(shown.attributes['data-backend']).toBe('wasm');
  expect(shown.text).toMatch(
    /Training autoencoder in the worker: series 1 of 1 on [\d,]+ points, epoch \d+ of at most 20.*, on WebAssembly…/
  );
  // The epoch bar: a <progress> of the epochs done (its implicit role is progressbar).
  expect(shown.html).toMatch(/<progress [^>]*max="20"/);
  expect(shown.html).toMatch(/<progress [^>]*value="[1-9]\d*"/);
  expect(shown.others[testIds.editor.runPreview]).toBe('Training…');

  const preview = page.getByTestId(testIds.editor.preview);
  await expect(preview).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId(testIds.editor.previewTraining)).toHaveCount(0);
  await expect(page.getByTestId(testIds.editor.alertsPerWeek)).toBeVisible();
  await expect(page.getByTestId(testIds.editor.previewChart)).toBeVisible();
  await saveScreenshot(page, testInfo, 'ui-detector-training-done');
});
