/**
 * Serves the built plugin (dist/) in the stand-in Grafana host, in front of real Prometheus (with the demo
 * history), Alertmanager and Pushgateway, for opening the UI by hand. Rebuild with `npm run build:plugin` and reload.
 * Options: --port <n> (default: a free port).
 */
import { startRig } from '../tests/host/rig';

function portArgument(): number | undefined {
  const index = process.argv.indexOf('--port');
  if (index === -1) {
    return undefined;
  }
  const port = Number(process.argv[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port expects a port number, got "${process.argv[index + 1] ?? ''}"`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const port = portArgument();
  console.log('Starting Prometheus (with the demo history), Alertmanager, Pushgateway and the stand-in host...');
  const rig = await startRig({ port });
  const { stack, host } = rig;
  console.log(`Prometheus   ${stack.prometheus.url} (${stack.prometheus.version})`);
  console.log(`Alertmanager ${stack.alertmanager.url} (${stack.alertmanager.version})`);
  console.log(`Pushgateway  ${stack.pushgateway.url} (${stack.pushgateway.version})`);
  console.log(
    `Stack started in ${rig.stackStartMs} ms; host bundle ${host.bundleCached ? 'read from cache' : 'built'} in ${host.bundleBuildMs} ms`
  );
  console.log(`\nVigil in the stand-in host (not Grafana): ${host.url}/a/vigil-anomaly-app`);
  console.log(`  configuration: ${host.url}/plugins/vigil-anomaly-app`);
  console.log(`  demo dashboard: ${host.url}/d/vigil-demo`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    rig.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      }
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
