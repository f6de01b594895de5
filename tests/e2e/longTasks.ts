import type { Page } from '@playwright/test';

/** Records the duration of every main-thread long task (over 50 ms) from the page's start on. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const longTasks: number[] = [];
    (window as unknown as { vigilLongTasks: number[] }).vigilLongTasks = longTasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration))).observe({
      type: 'longtask',
      buffered: true,
    });
  });
}

/** The long tasks recorded so far, in ms, as a test annotation's text. */
export async function longTasksText(page: Page): Promise<string> {
  const longTasks = await page.evaluate(() => (window as unknown as { vigilLongTasks: number[] }).vigilLongTasks);
  return longTasks.map((ms) => ms.toFixed(0)).join(', ') || 'none';
}
