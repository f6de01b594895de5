import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

/** Saves a full-page screenshot under <output dir>/screenshots/ (test-results/ by default) and attaches it to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
