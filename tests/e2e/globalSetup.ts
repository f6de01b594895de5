import { existsSync } from 'node:fs';
import path from 'node:path';
import { startRig, type Rig } from '../host/rig';
import { RIG_ENV } from './rigEnv';

declare global {
  // Playwright runs the global setup and teardown in the same process but loads them as separate modules.
  var __vigilE2eRig: Rig | undefined;
}

const DIST_MODULE = path.resolve(__dirname, '../../dist/module.js');

/** Starts Prometheus (with the demo history), Alertmanager, Pushgateway and the stand-in host, unless GRAFANA_URL is set. */
export default async function globalSetup(): Promise<void> {
  if (process.env.GRAFANA_URL) {
    process.stdout.write(`[vigil e2e] running against the Grafana at ${process.env.GRAFANA_URL}\n`);
    return;
  }
  if (!existsSync(DIST_MODULE)) {
    throw new Error(`The built plugin is missing (${DIST_MODULE}): run npm run build first`);
  }
  const rig = await startRig();
  globalThis.__vigilE2eRig = rig;
  process.env[RIG_ENV.hostUrl] = rig.host.url;
  process.env[RIG_ENV.prometheusUrl] = rig.stack.prometheus.url;
  process.env[RIG_ENV.alertmanagerUrl] = rig.stack.alertmanager.url;
  process.env[RIG_ENV.pushgatewayUrl] = rig.stack.pushgateway.url;
  const servers = [rig.stack.prometheus, rig.stack.alertmanager, rig.stack.pushgateway];
  process.env[RIG_ENV.pids] = servers.map((server) => server.pid).join(',');
  for (const server of servers) {
    process.stdout.write(`[vigil e2e] ${server.name} ${server.version} at ${server.url} (pid ${server.pid})\n`);
  }
  process.stdout.write(
    `[vigil e2e] stand-in host at ${rig.host.url} (stack started in ${rig.stackStartMs} ms, host bundle ${rig.host.bundleCached ? 'read from cache' : 'built'} in ${rig.host.bundleBuildMs} ms)\n`
  );
}
