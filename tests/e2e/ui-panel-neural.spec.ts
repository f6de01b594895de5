import { testIds } from '../../src/components/testIds';
import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { expect, test } from './fixtures';
import { longTasksText, recordLongTasks } from './longTasks';
import { saveScreenshot } from './screenshots';
import { firstShown } from './transientState';

const NEURAL_DASHBOARD = {
  uid: 'vigil-neural',
  from: '2026-01-10T00:00:00.000Z',
  to: '2026-01-12T00:00:00.000Z',
};
/** A detection may trail the planted window's start by a few steps. */
const TOLERANCE_MS = 10 * 60_000;

test('an autoencoder trains in the worker with its progress shown, then the panel flags the planted spike', async ({
  dashboardPage,
  page,
}, testInfo) => {
  await recordLongTasks(page);
  await dashboardPage.goto(NEURAL_DASHBOARD.uid, NEURAL_DASHBOARD);
  const panel = dashboardPage.anomalyPanel();
  // The worker reports each training epoch; the panel says so while it waits.
  const training = await firstShown(page, testIds.panel.message, 'data-training-epoch', { timeout: 60_000 });
  await saveScreenshot(page, testInfo, 'ui-panel-neural-training');
  expect(training.attributes['data-training-epoch']).toMatch(/^[1-9]\d*$/);
  expect(training.text).toMatch(
    /Training autoencoder in the worker: series 1 of 1 on [\d,]+ points, epoch \d+ of at most 20.*, on WebAssembly…/
  );
  expect(training.attributes['data-training-backend'], 'the worker trains on TF.js WebAssembly backend').toBe('wasm');
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: 90_000 });

  const from = Date.parse(NEURAL_DASHBOARD.from);
  const to = Date.parse(NEURAL_DASHBOARD.to);
  const planted = generateServerMetrics()
    .filter(
      (series) => series.labels.__name__ === 'demo_http_requests_per_second' && series.labels.instance === 'web-2'
    )
    .flatMap((series) => series.anomalyWindows)
    .filter(([start, end]) => end >= from && start <= to);
  expect(planted.length, 'the visible range holds the planted spike').toBeGreaterThan(0);
  const found = ((await panel.getAttribute('data-anomaly-timestamps')) ?? '').split(',').filter(Boolean).map(Number);
  for (const [start, end] of planted) {
    expect(
      found.some((time) => time >= start - TOLERANCE_MS && time <= end + TOLERANCE_MS),
      `the spike at ${new Date(start).toISOString()} is flagged`
    ).toBe(true);
  }
  testInfo.annotations.push({
    type: 'main-thread long tasks while the worker trained (ms)',
    description: await longTasksText(page),
  });
  await saveScreenshot(page, testInfo, 'ui-panel-neural');
});
