import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { STACK_URL_ENV, startStack, type TestStack } from './stack';

declare global {
  // The jest global setup and teardown run in the same process but load their modules separately.
  var __vigilTestStack: TestStack | undefined;
}

/** Starts the integration tests' shared stack, Prometheus backfilled with the built-in demo history. */
export default async function globalSetup(): Promise<void> {
  const stack = await startStack({ history: generateServerMetrics() });
  globalThis.__vigilTestStack = stack;
  for (const server of [stack.prometheus, stack.alertmanager, stack.pushgateway]) {
    process.env[STACK_URL_ENV[server.name]] = server.url;
    process.stdout.write(`\n[vigil test stack] ${server.name} ${server.version} at ${server.url} (pid ${server.pid})`);
  }
  process.stdout.write('\n');
}
