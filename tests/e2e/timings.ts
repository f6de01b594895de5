import type { Page, TestInfo } from '@playwright/test';

/** Milestones (ms since navigation start) recorded in the page by a MutationObserver, so polling adds no delay. */
export interface PageTimings {
  firstHeading?: number;
  panelMounted?: number;
  panelScored?: number;
}

function recordMilestones(): void {
  const timings: Record<string, number> = {};
  Object.assign(window, { __vigilTimings: timings });
  const mark = (name: string) => {
    if (timings[name] === undefined) {
      timings[name] = performance.now();
    }
  };
  const check = () => {
    if (document.querySelector('h1')) {
      mark('firstHeading');
    }
    const panel = document.querySelector('[data-testid="vigil-anomaly-panel"]');
    if (panel) {
      mark('panelMounted');
      if (panel.getAttribute('data-state') === 'scored') {
        mark('panelScored');
      }
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-state'],
  });
}

export async function installTimings(page: Page): Promise<void> {
  await page.addInitScript(recordMilestones);
}

export async function readTimings(page: Page): Promise<PageTimings> {
  return page.evaluate(() => (window as unknown as { __vigilTimings?: PageTimings }).__vigilTimings ?? {});
}

/** Reports a measured figure in the test output and in the HTML report (never asserted: see the working agreement). */
export function reportTiming(testInfo: TestInfo, label: string, milliseconds: number | undefined): void {
  const value = milliseconds === undefined ? 'not reached' : `${Math.round(milliseconds)} ms`;
  testInfo.annotations.push({ type: label, description: value });
  console.log(`[timing] ${label}: ${value}`);
}
