import { test as base, expect } from '@playwright/test';
import { BrowserProblems } from './browserProblems';
import { AppPage } from './pages/AppPage';
import { ConfigPage } from './pages/ConfigPage';
import { DashboardPage } from './pages/DashboardPage';
import { isStandInHost, targetBaseUrl } from './rigEnv';
import { installTimings } from './timings';

interface Fixtures {
  browserProblems: BrowserProblems;
  appPage: AppPage;
  configPage: ConfigPage;
  dashboardPage: DashboardPage;
}

async function unhandledHostRequests(baseURL: string): Promise<string[]> {
  const response = await fetch(`${baseURL}/__host/unhandled`);
  return (await response.json()) as string[];
}

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => use(targetBaseUrl()),
  browserProblems: [
    async ({ page, baseURL }, use) => {
      const problems = new BrowserProblems(page);
      await installTimings(page);
      const standIn = isStandInHost() && baseURL !== undefined;
      const unhandledBefore = standIn ? (await unhandledHostRequests(baseURL)).length : 0;
      await use(problems);
      const unhandled = standIn ? (await unhandledHostRequests(baseURL)).slice(unhandledBefore) : [];
      expect(problems.list, 'console errors and uncaught exceptions in the page').toEqual([]);
      expect(unhandled, 'requests the stand-in host does not implement (see docs/browser-rig.md)').toEqual([]);
    },
    { auto: true },
  ],
  appPage: async ({ page }, use) => use(new AppPage(page)),
  configPage: async ({ page }, use) => use(new ConfigPage(page)),
  dashboardPage: async ({ page }, use) => use(new DashboardPage(page)),
});

export { expect };
