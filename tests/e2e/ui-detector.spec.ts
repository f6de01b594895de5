import { parse } from 'yaml';
import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

const QUERY = 'demo_http_requests_per_second{job="vigil-demo"}';

test('design a detector: preview numbers, save, reload, export YAML and ConfigMap', async ({ page }, testInfo) => {
  const id = `rps-${Date.now().toString(36)}`;
  const params = new URLSearchParams({
    query: QUERY,
    name: 'Requests per second',
    id,
    days: '2',
    until: '2026-01-12T00:00:00Z',
    sensitivity: '0.5',
  });
  await page.goto(`/a/vigil-anomaly-app/detectors/new?${params.toString()}`);
  await expect(page.getByTestId(testIds.editor.query)).toHaveValue(QUERY);

  await page.getByTestId(testIds.editor.runPreview).click();
  const preview = page.getByTestId(testIds.editor.preview);
  await expect(preview).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const alertsPerWeek = Number(await page.getByTestId(testIds.editor.alertsPerWeek).getAttribute('data-value'));
  const flaps = Number(await page.getByTestId(testIds.editor.flaps).getAttribute('data-value'));
  expect(alertsPerWeek).toBeGreaterThan(0);
  await expect(page.getByTestId(testIds.editor.previewSummary)).toContainText(
    /^Over the 2 days ending 2026-01-12T00:00:00Z \(2 series\), this detector would have sent/
  );
  await expect(page.getByTestId(testIds.editor.counterHint)).toHaveCount(0);
  testInfo.annotations.push({ type: 'preview', description: `${alertsPerWeek} alerts/week, ${flaps} flaps` });
  await saveScreenshot(page, testInfo, 'ui-detector-preview');

  const model = page.getByRole('combobox', { name: 'Model' });
  await model.click();
  await page.getByRole('option', { name: 'seasonal baseline' }).click();
  await expect(model).toHaveValue('seasonal baseline');
  const counter = page.getByRole('switch', { name: 'Counter' });
  await expect(counter).not.toBeChecked();
  await counter.click({ force: true });
  await expect(counter).toBeChecked();
  // A rate that goes up and down is no counter: the preview says so.
  await page.getByTestId(testIds.editor.runPreview).click();
  await expect(preview).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId(testIds.editor.counterHint)).toContainText(
    /counter is on, but the values fell at \d+% of steps \(demo_http_requests_per_second\{/
  );

  await page.getByTestId(testIds.editor.save).click();
  await expect(page).toHaveURL(new RegExp(`/detectors/${id}`));
  await page.reload();
  await expect(page.getByTestId(testIds.editor.query)).toHaveValue(QUERY);
  await expect(page.getByTestId(testIds.editor.name)).toHaveValue('Requests per second');
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('seasonal baseline');
  await expect(page.getByRole('switch', { name: 'Counter' })).toBeChecked();

  await page.goto('/a/vigil-anomaly-app/detectors');
  const row = page.locator(`[data-detector-id="${id}"]`);
  await expect(row).toBeVisible();
  const toggle = row.getByRole('switch');
  await expect(toggle).toBeChecked();
  await toggle.click({ force: true });
  await expect(row).toContainText('Disabled');
  await page.reload();
  await expect(page.locator(`[data-detector-id="${id}"]`).getByRole('switch')).not.toBeChecked();
  await saveScreenshot(page, testInfo, 'ui-detectors-list');

  await page.goto(`/a/vigil-anomaly-app/detectors/${id}`);
  await page.getByTestId(testIds.editor.exportYaml).click();
  const yamlText = await page.getByTestId(testIds.editor.exportText).textContent();
  const config = parse(yamlText ?? '') as { detectors: Array<Record<string, unknown>> };
  expect(config.detectors).toHaveLength(1);
  expect(config.detectors[0]).toMatchObject({
    id,
    query: QUERY,
    sensitivity: 0.5,
    datasourceUid: 'prometheus',
    model: { kind: 'seasonal_baseline' },
    counter: true,
  });
  await saveScreenshot(page, testInfo, 'ui-detector-export-yaml');
  await page.keyboard.press('Escape');

  await page.getByTestId(testIds.editor.exportConfigMap).click();
  const configMap = parse((await page.getByTestId(testIds.editor.exportText).textContent()) ?? '') as {
    kind: string;
    data: Record<string, string>;
  };
  expect(configMap.kind).toBe('ConfigMap');
  await expect(page.getByTestId(testIds.editor.exportNote)).toContainText('not a whole config');
  expect(parse(configMap.data['config.yaml'])).toEqual(config);
});

test('preview before a name and id: chart with band, episodes and alerting points; PromQL errors in Prometheus words', async ({
  page,
  browserProblems,
}, testInfo) => {
  const params = new URLSearchParams({ query: QUERY, days: '2', until: '2026-01-12T00:00:00Z' });
  await page.goto(`/a/vigil-anomaly-app/detectors/new?${params.toString()}`);
  await expect(page.getByTestId(testIds.editor.name)).toHaveValue('');
  await expect(page.getByTestId(testIds.editor.id)).toHaveValue('');

  await page.getByTestId(testIds.editor.runPreview).click();
  await expect(page.getByTestId(testIds.editor.preview)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const chart = page.getByTestId(testIds.editor.previewChart);
  await expect(chart.getByTestId(testIds.panel.chart).locator('canvas')).toBeVisible();
  await expect(chart.getByTestId(testIds.panel.scoreLane)).toBeVisible();
  expect(Number(await chart.getAttribute('data-episode-count'))).toBeGreaterThanOrEqual(2);
  await expect(chart.getByTestId(testIds.panel.legend)).toContainText('episode');
  await chart.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'ui-detector-preview-chart');

  browserProblems.expectConsoleError(/status of 400 \(Bad Request\).*query_range/);
  await page.getByTestId(testIds.editor.query).fill('rate(demo_http_requests_per_second[5m]');
  await page.getByTestId(testIds.editor.runPreview).click();
  const error = page.getByTestId(testIds.editor.previewError);
  await expect(error).toContainText('Prometheus rejected the query');
  await expect(error).toContainText(/bad_data: .*parse error: unclosed left parenthesis/);
  expect(browserProblems.expected).toHaveLength(1);
  await error.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'ui-detector-promql-error');
});

test('a preview of many short series: every legend entry can be scrolled to, and the series too short to score are counted', async ({
  page,
}, testInfo) => {
  // One series per rounded value, a hundred or more series of a few points each; times a varying metric, since
  // the counts alone are all 1.
  const query =
    'count_values("value", round(demo_http_requests_per_second{instance="web-2"}, 5))' +
    ' * on() group_left() demo_cpu_utilisation{instance="web-1"}';
  const params = new URLSearchParams({ query, days: '2', until: '2026-01-12T00:00:00Z' });
  await page.goto(`/a/vigil-anomaly-app/detectors/new?${params.toString()}`);
  await page.getByTestId(testIds.editor.runPreview).click();
  await expect(page.getByTestId(testIds.editor.preview)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const unscored = page.getByTestId(testIds.editor.previewUnscored);
  await expect(unscored).toContainText(/\d+ of \d+ series have too little history to score/);
  expect(Number(await unscored.getAttribute('data-value'))).toBeGreaterThan(50);

  const chart = page.getByTestId(testIds.editor.previewChart);
  const legend = chart.getByTestId(testIds.panel.legend);
  const { scrollHeight, clientHeight } = await legend.evaluate((element) => ({
    scrollHeight: element.scrollHeight,
    clientHeight: element.clientHeight,
  }));
  expect(scrollHeight).toBeGreaterThan(clientHeight);
  const lastEntry = legend.getByRole('button').last();
  await lastEntry.scrollIntoViewIfNeeded();
  await expect(lastEntry).toBeInViewport();
  const plotHeight = (await chart.getByTestId(testIds.panel.chart).boundingBox())?.height ?? 0;
  expect(plotHeight, 'the plot keeps its height beside a long legend').toBeGreaterThanOrEqual(270);
  await chart.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'ui-detector-preview-many-series');
});
