import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { dirname } from 'node:path';

/**
 * Browser tests of the built plugin in Debian's Chromium. Without GRAFANA_URL they run against the stand-in host
 * (tests/host) in front of a real Prometheus and Alertmanager that the global setup starts; with GRAFANA_URL they run
 * against that Grafana (which must have the plugin, the datasources and the vigil-demo dashboard provisioned),
 * logging in through @grafana/plugin-e2e's auth project. See docs/browser-rig.md.
 */
const grafanaUrl = process.env.GRAFANA_URL;
/** Separate output folders let two runs share a checkout (Playwright empties its output folder when it starts). */
const outputDir = process.env.PLAYWRIGHT_OUTPUT_DIR ?? './test-results';

const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig<PluginOptions>({
  testDir: './tests/e2e',
  outputDir,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One worker: specs share the app's settings (one Grafana installation), which the configuration spec changes.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: process.env.PLAYWRIGHT_HTML_REPORT ?? 'playwright-report' }],
  ],
  globalSetup: './tests/e2e/globalSetup.ts',
  globalTeardown: './tests/e2e/globalTeardown.ts',
  use: {
    baseURL: grafanaUrl,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: grafanaUrl
    ? [
        {
          name: 'auth',
          testDir: `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`,
          testMatch: [/.*\.js/],
          use: chromium,
        },
        { name: 'chromium', use: { ...chromium, storageState: 'playwright/.auth/admin.json' }, dependencies: ['auth'] },
      ]
    : [{ name: 'chromium', use: chromium }],
});
