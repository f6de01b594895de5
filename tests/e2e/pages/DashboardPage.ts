import type { Locator, Page } from '@playwright/test';
import { testIds } from '../../../src/components/testIds';

/** The dashboard that shows one Vigil anomaly panel over the demo metrics (tests/host/dashboards/vigil-demo.json). */
export const DEMO_DASHBOARD = {
  uid: 'vigil-demo',
  /** The demo history ends at 2026-01-12T00:00Z; this window holds its requests-per-second spike and outage. */
  from: '2026-01-10T00:00:00.000Z',
  to: '2026-01-12T00:00:00.000Z',
  seriesCount: 2,
};

export class DashboardPage {
  constructor(readonly page: Page) {}

  async goto(uid: string, range: { from: string; to: string }): Promise<void> {
    const from = Date.parse(range.from);
    const to = Date.parse(range.to);
    await this.page.goto(`/d/${uid}?from=${from}&to=${to}&timezone=utc`);
  }

  anomalyPanel(): Locator {
    return this.page.getByTestId(testIds.panel.root);
  }
}
