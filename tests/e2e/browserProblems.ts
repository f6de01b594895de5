import type { Page } from '@playwright/test';

/** Console errors and uncaught exceptions of a page, which every spec requires to be none. */
export class BrowserProblems {
  readonly list: string[] = [];
  /** Console errors a spec provoked on purpose (e.g. the browser logging a 400 it asked for). */
  readonly expected: string[] = [];
  private allowed: RegExp[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const { url, lineNumber } = message.location();
        const text = `console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
        (this.allowed.some((pattern) => pattern.test(text)) ? this.expected : this.list).push(text);
      }
    });
    page.on('pageerror', (error) => this.list.push(`uncaught: ${error.stack ?? error.message}`));
    page.on('crash', () => this.list.push('the page crashed'));
  }

  /** Console errors matching `pattern` from now on are expected, not problems. */
  expectConsoleError(pattern: RegExp): void {
    this.allowed.push(pattern);
  }
}
