import { testIds } from '../../src/components/testIds';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

const FORECAST_DASHBOARD = {
  uid: 'vigil-forecast',
  from: '2026-01-09T00:00:00.000Z',
  to: '2026-01-12T00:00:00.000Z',
};
const HORIZON_MS = 6 * 3_600_000;

test('the anomaly panel draws an MSTL forecast and its band past the last point, computed in the worker', async ({
  dashboardPage,
  page,
}, testInfo) => {
  await dashboardPage.goto(FORECAST_DASHBOARD.uid, FORECAST_DASHBOARD);
  const panel = dashboardPage.anomalyPanel();
  await expect(panel).toHaveAttribute('data-state', 'scored', { timeout: 90_000 });
  // MSTL runs on augurs' WebAssembly, which the worker fetched from the plugin's public path.
  await expect(panel).toHaveAttribute('data-forecast-method', 'mstl');
  const points = Number(await panel.getAttribute('data-forecast-points'));
  // Six hours at the panel's step (Grafana's interval for three days: 1 to 10 minutes).
  expect(points).toBeGreaterThanOrEqual(6 * 6);
  expect(points).toBeLessThanOrEqual(6 * 60);

  const from = Date.parse(FORECAST_DASHBOARD.from);
  const to = Date.parse(FORECAST_DASHBOARD.to);
  const overlay = page.getByTestId(testIds.panel.chart).locator('.u-over');
  const box = (await overlay.boundingBox())!;
  // The time axis now runs on to the forecast's end: "now" (the range's end) sits left of the plot's right edge.
  const nowX = ((to - from) / (to - from + HORIZON_MS)) * box.width;
  const forecastPixels = await page.getByTestId(testIds.panel.chart).evaluate(
    (chart, { left, width }) => {
      const canvas = chart.querySelector('canvas')!;
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const context = canvas.getContext('2d')!;
      const x0 = Math.round((left + (chart.querySelector('.u-over') as HTMLElement).offsetLeft) * scale);
      const pixels = context.getImageData(x0, 0, Math.round(width * scale), canvas.height).data;
      let purple = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
        purple += a > 0 && b > r && r > g && b - g > 60 ? 1 : 0;
      }
      return purple;
    },
    { left: nowX + 2, width: box.width - nowX - 4 }
  );
  expect(forecastPixels, 'forecast line and band pixels right of "now"').toBeGreaterThan(200);
  await saveScreenshot(page, testInfo, 'ui-panel-forecast');
});
