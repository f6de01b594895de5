import { generateMultivariateMetrics, MULTIVARIATE_METRICS } from '../../src/engine/synthetic/multivariateMetrics';
import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { startStack, type TestStack } from '../stack';
import { startHostServer, type HostServer } from './server/hostServer';

export interface Rig {
  stack: TestStack;
  host: HostServer;
  stackStartMs: number;
  stop(): Promise<void>;
}

/** Real Prometheus (backfilled with the built-in demo history of src/engine/synthetic/serverMetrics.ts and the
 * multivariate set of multivariateMetrics.ts), Alertmanager and Pushgateway, plus the stand-in host in front. */
export async function startRig(options: { port?: number; log?: (message: string) => void } = {}): Promise<Rig> {
  const started = Date.now();
  const multivariate = generateMultivariateMetrics().flatMap((target) =>
    MULTIVARIATE_METRICS.map((metric) => target.metrics[metric])
  );
  const stack = await startStack({ history: [...generateServerMetrics(), ...multivariate] });
  const stackStartMs = Date.now() - started;
  let host: HostServer;
  try {
    host = await startHostServer({
      prometheusUrl: stack.prometheus.url,
      alertmanagerUrl: stack.alertmanager.url,
      port: options.port,
      log: options.log,
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return {
    stack,
    host,
    stackStartMs,
    stop: async () => {
      await host.stop();
      await stack.stop();
    },
  };
}
