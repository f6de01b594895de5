import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { DEMO_DASHBOARD, type DashboardPage } from './pages/DashboardPage';
import { saveScreenshot } from './screenshots';

const SCORING_TIMEOUT_MS = 60_000;
/** A detection may trail the planted window's start by a few steps; it must not be elsewhere. */
const TOLERANCE_MS = 10 * 60_000;
/** The demo's daily peaks may trip a few points; more would make the panel useless as an alert view. */
const MAX_FALSE_ALARM_POINTS = 5;

/** Opens the demo dashboard and waits until its anomaly panel has scored. */
async function openScoredDemoPanel(dashboardPage: DashboardPage) {
  await dashboardPage.goto(DEMO_DASHBOARD.uid, DEMO_DASHBOARD);
  const panel = dashboardPage.anomalyPanel();
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: SCORING_TIMEOUT_MS });
  return panel;
}

test('the anomaly panel draws anomalies where they were planted, and explains them', async ({
  dashboardPage,
  page,
}, testInfo) => {
  const panel = await openScoredDemoPanel(dashboardPage);

  const from = Date.parse(DEMO_DASHBOARD.from);
  const to = Date.parse(DEMO_DASHBOARD.to);
  const planted = generateServerMetrics()
    .filter((series) => series.labels.__name__ === 'demo_http_requests_per_second')
    .flatMap((series) => series.anomalyWindows)
    .filter(([start, end]) => end >= from && start <= to);
  expect(planted.length, 'the demo window holds planted anomalies').toBeGreaterThan(0);

  const found = ((await panel.getAttribute('data-anomaly-timestamps')) ?? '').split(',').filter(Boolean).map(Number);
  expect(found.length).toBeGreaterThan(0);
  const inside = (time: number) =>
    planted.some(([start, end]) => time >= start - TOLERANCE_MS && time <= end + TOLERANCE_MS);
  const outside = found.filter((time) => !inside(time));
  testInfo.annotations.push({
    type: 'anomalies outside planted windows',
    description: outside.map((time) => new Date(time).toISOString()).join(', ') || 'none',
  });
  expect(outside.length, 'anomalous points outside every planted window (false alarms)').toBeLessThanOrEqual(
    MAX_FALSE_ALARM_POINTS
  );
  const detected = planted.filter(([start, end]) =>
    found.some((time) => time >= start - TOLERANCE_MS && time <= end + TOLERANCE_MS)
  );
  expect(detected.length, 'planted windows found').toBe(planted.length);

  await expect(page.getByTestId(testIds.panel.scoreLane)).toBeVisible();
  await expect(page.getByTestId(testIds.panel.legend)).toContainText('episode');
  await saveScreenshot(page, testInfo, 'ui-panel-anomalies');

  // Hover the first anomaly: the tooltip carries the engine's explanation.
  const chart = page.getByTestId(testIds.panel.chart).locator('.u-over');
  const box = (await chart.boundingBox())!;
  const x = box.x + ((found[0] - from) / (to - from)) * box.width;
  await page.mouse.move(x, box.y + box.height / 2);
  await expect(page.getByTestId(testIds.panel.tooltip).first()).toBeVisible();
  await expect(page.getByTestId(testIds.panel.explanation).first()).toContainText('Anomalous');
  await saveScreenshot(page, testInfo, 'ui-panel-tooltip');
});

test('an outage is one episode marked start to end; legend names from legendFormat; chart and score lane share the x-axis', async ({
  dashboardPage,
  page,
}, testInfo) => {
  const panel = await openScoredDemoPanel(dashboardPage);

  const outage = generateServerMetrics().find((series) => series.labels.scenario === 'outage')!.anomalyWindows[0];
  const spans = ((await panel.getAttribute('data-episodes')) ?? '')
    .split(',')
    .filter(Boolean)
    .map((span) => span.split('-').map(Number));
  const episodeCount = Number(await panel.getAttribute('data-episode-count'));
  expect(episodeCount).toBe(spans.length);
  const outageEpisodes = spans.filter(([start, end]) => start <= outage[1] && end >= outage[0] - TOLERANCE_MS);
  expect(outageEpisodes, 'the outage is one episode').toHaveLength(1);
  const [start, end] = outageEpisodes[0];
  const outageMs = outage[1] - outage[0];
  testInfo.annotations.push({
    type: 'outage episode',
    description: `${new Date(start).toISOString()} to ${new Date(end).toISOString()} (planted ${new Date(outage[0]).toISOString()} to ${new Date(outage[1]).toISOString()})`,
  });
  expect(end - start, 'the episode covers most of the outage, not one point').toBeGreaterThanOrEqual(0.7 * outageMs);
  await expect(panel).toContainText(`${episodeCount} anomaly episode`);

  // legendFormat "{{instance}}": the legend names the instances, not the label sets.
  const legend = page.getByTestId(testIds.panel.legend);
  await expect(legend).toContainText('web-3 (1 episode)');
  await expect(legend).not.toContainText('scenario=');

  // The score lane's plot area is the main chart's, pixel for pixel, and the last time label has room.
  const chartArea = (await page.getByTestId(testIds.panel.chart).locator('.u-over').boundingBox())!;
  const laneArea = (await page.getByTestId(testIds.panel.scoreLane).locator('.u-over').boundingBox())!;
  expect(laneArea.x).toBe(chartArea.x);
  expect(laneArea.width).toBe(chartArea.width);
  const canvas = (await page.getByTestId(testIds.panel.chart).locator('canvas').boundingBox())!;
  const halfLabel = await page.evaluate(() => {
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = '12px Inter';
    return context.measureText('01/12 00:00').width / 2;
  });
  expect(canvas.x + canvas.width - (chartArea.x + chartArea.width)).toBeGreaterThanOrEqual(halfLabel);
  await saveScreenshot(page, testInfo, 'ui-panel-episodes');
});

test('the expected band of a requests-per-second series never goes below zero, spike and outage included', async ({
  dashboardPage,
  page,
}, testInfo) => {
  const panel = await openScoredDemoPanel(dashboardPage);

  const requests = generateServerMetrics().filter((s) => s.labels.__name__ === 'demo_http_requests_per_second');
  expect(requests.every((s) => s.values.every((v) => v >= 0))).toBe(true);
  const lowest = await panel.getAttribute('data-band-lower-min');
  expect(lowest, 'the panel drew a band').not.toBe('');
  expect(Number(lowest)).toBeGreaterThanOrEqual(0);
  await saveScreenshot(page, testInfo, 'ui-panel-band-after-spike');
});

test('the expected band is there from the first visible point, as narrow on day 1 as on day 2, and recovers within 5 steps of the spike', async ({
  dashboardPage,
  page,
}, testInfo) => {
  const panel = await openScoredDemoPanel(dashboardPage);
  const spike = generateServerMetrics().find((series) => series.labels.scenario === 'spike')!;
  const [spikeStart, spikeEnd] = spike.anomalyWindows[0];
  const bands = JSON.parse((await panel.getAttribute('data-band-widths')) ?? '[]') as Array<{
    key: string;
    start: number;
    end: number;
    width: Array<number | null>;
  }>;
  const band = bands.find(({ key }) => key.includes(`"${spike.labels.instance}"`))!;
  expect(band, 'the spike series has a band').toBeDefined();
  const step = (band.end - band.start) / (band.width.length - 1);
  const at = (time: number) => band.width[Math.round((time - band.start) / step)];
  const widths = (from: number, to: number) =>
    band.width
      .filter((_, i) => band.start + i * step >= from && band.start + i * step < to)
      .filter((width): width is number => width !== null);
  const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const DAY = 86_400_000;
  const from = Date.parse(DEMO_DASHBOARD.from);

  expect(band.width[0], 'a band at the first visible point').not.toBeNull();
  const dayOne = widths(from, from + DAY);
  const dayTwo = widths(from + DAY, from + 2 * DAY);
  const hourBefore = median(widths(spikeStart - 3_600_000, spikeStart));
  const afterSpike = at(spikeEnd + 5 * step)!;
  testInfo.annotations.push({
    type: 'band width',
    description: `day 1 widest ${Math.max(...dayOne)}, day 2 median ${median(dayTwo)}; hour before the spike ${hourBefore}, 5 steps after it ${afterSpike}`,
  });
  expect(Math.max(...dayOne), 'widest band on day 1 vs the usual band on day 2').toBeLessThanOrEqual(
    1.5 * median(dayTwo)
  );
  expect(afterSpike, 'band 5 steps after the spike vs the hour before it').toBeLessThanOrEqual(2 * hourBefore);
  await saveScreenshot(page, testInfo, 'ui-panel-band-from-first-point');
});

test('a refresh reads no history again: the panel holds what it read before the visible range', async ({
  dashboardPage,
  page,
}) => {
  const from = Date.parse(DEMO_DASHBOARD.from);
  const historyReads: string[] = [];
  page.on('request', (request) => {
    if (!request.url().includes('/api/v1/query_range')) {
      return;
    }
    const sent = new URLSearchParams(request.url().split('?')[1] ?? request.postData() ?? '');
    if (Number(sent.get('end')) * 1000 < from) {
      historyReads.push(`${sent.get('start')}..${sent.get('end')}`);
    }
  });
  const panel = await openScoredDemoPanel(dashboardPage);
  const anomalies = await panel.getAttribute('data-anomaly-timestamps');
  expect(historyReads, 'the window before the visible range, read once').toHaveLength(1);

  const refreshed = page.waitForResponse((response) => response.url().includes('/api/v1/query_range'));
  await page.getByTestId('data-testid RefreshPicker run button').click();
  await refreshed;
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: SCORING_TIMEOUT_MS });
  await expect(panel).toHaveAttribute('data-anomaly-timestamps', anomalies ?? '');
  expect(historyReads, 'nothing read again for the same window').toHaveLength(1);
});
