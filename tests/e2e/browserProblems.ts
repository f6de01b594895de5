import type { Page } from '@playwright/test';

/** Console errors and uncaught exceptions of a page, which every spec requires to be none. */
export class BrowserProblems {
  readonly list: string[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const { url, lineNumber } = message.location();
        this.list.push(`console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (error) => this.list.push(`uncaught: ${error.stack ?? error.message}`));
    page.on('crash', () => this.list.push('the page crashed'));
  }
}
