import type { Page } from '@playwright/test';

export interface ShownState {
  /** The element's text when it was first seen carrying the attribute. */
  text: string;
  attributes: Record<string, string>;
  /** Its inner HTML at that moment. */
  html: string;
  /** The text of each element named in `alsoRead`, at that same moment ('' when absent). */
  others: Record<string, string>;
}

/**
 * Waits, checking every animation frame, until the element with `testId` carries `attribute`, and returns what the
 * page showed in that frame. A state that lasts a second (a training on WebAssembly) can fall between the polls of
 * `expect(...).toHaveAttribute`, which slow to one a second; a frame-by-frame check cannot miss a state that was
 * painted.
 */
export async function firstShown(
  page: Page,
  testId: string,
  attribute: string,
  { timeout, alsoRead = [] }: { timeout: number; alsoRead?: string[] }
): Promise<ShownState> {
  const handle = await page.waitForFunction(
    ({ testId, attribute, alsoRead }) => {
      const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
      const element = byTestId(testId);
      if (!element?.hasAttribute(attribute)) {
        return null;
      }
      return {
        text: element.textContent ?? '',
        attributes: Object.fromEntries(Array.from(element.attributes, ({ name, value }) => [name, value])),
        html: element.innerHTML,
        others: Object.fromEntries(alsoRead.map((id) => [id, byTestId(id)?.textContent ?? ''])),
      };
    },
    { testId, attribute, alsoRead },
    { polling: 'raf', timeout }
  );
  return (await handle.jsonValue()) as ShownState;
}
