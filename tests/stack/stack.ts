import type { Series } from '../../src/engine/series';
import { startAlertmanager } from './alertmanager';
import { startPrometheus } from './prometheus';
import { startPushgateway } from './pushgateway';
import type { ServerHandle } from './serverHandle';

export interface TestStack {
  prometheus: ServerHandle;
  alertmanager: ServerHandle;
  pushgateway: ServerHandle;
  stop(): Promise<void>;
}

export const STACK_URL_ENV = {
  prometheus: 'VIGIL_TEST_PROMETHEUS_URL',
  alertmanager: 'VIGIL_TEST_ALERTMANAGER_URL',
  pushgateway: 'VIGIL_TEST_PUSHGATEWAY_URL',
} as const;

/** Prometheus (with the history, scraping the Pushgateway), Alertmanager and Pushgateway; all or none. */
export async function startStack(options: { history?: Series[] } = {}): Promise<TestStack> {
  const [alertmanager, pushgateway] = await settleAll([startAlertmanager(), startPushgateway()]);
  const pushgatewayAddress = new URL(pushgateway.url).host;
  const [prometheus] = await settleAll(
    [startPrometheus({ history: options.history, scrapeTargets: [pushgatewayAddress] })],
    [alertmanager, pushgateway]
  );
  const servers = [prometheus, alertmanager, pushgateway];
  return {
    prometheus,
    alertmanager,
    pushgateway,
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

/** Waits for every start; if any failed, stops the ones that started (and `alsoStop`) and throws the first error. */
async function settleAll(starts: Array<Promise<ServerHandle>>, alsoStop: ServerHandle[] = []): Promise<ServerHandle[]> {
  const outcomes = await Promise.allSettled(starts);
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  if (failure !== undefined) {
    await Promise.all([...started, ...alsoStop].map((server) => server.stop()));
    throw failure.reason;
  }
  return started;
}

/** The shared stack's URLs, which the integration project's jest globalSetup puts in the environment. */
export function stackUrls(): { prometheus: string; alertmanager: string; pushgateway: string } {
  const read = (name: keyof typeof STACK_URL_ENV) => {
    const value = process.env[STACK_URL_ENV[name]];
    if (!value) {
      throw new Error(
        `${STACK_URL_ENV[name]} is not set: the shared test stack is started by tests/stack/globalSetup.ts, ` +
          'the globalSetup of the jest project "integration" (run: npx jest --selectProjects integration)'
      );
    }
    return value;
  };
  return { prometheus: read('prometheus'), alertmanager: read('alertmanager'), pushgateway: read('pushgateway') };
}
