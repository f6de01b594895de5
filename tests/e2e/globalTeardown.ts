import { RIG_ENV } from './rigEnv';

function stillRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the host and the servers the global setup started, and reports Grafana API paths the host lacked. */
export default async function globalTeardown(): Promise<void> {
  const rig = globalThis.__vigilE2eRig;
  if (rig) {
    const unhandled = [...new Set(rig.host.unhandledRequests)];
    if (unhandled.length > 0) {
      process.stdout.write(
        `[vigil e2e] the stand-in host answered 404 (not implemented) to:\n  ${unhandled.join('\n  ')}\n`
      );
    }
    await rig.stop();
    globalThis.__vigilE2eRig = undefined;
  }
  const pids = (process.env[RIG_ENV.pids] ?? '').split(',').filter(Boolean).map(Number);
  for (const pid of pids.filter(stillRunning)) {
    process.kill(pid, 'SIGTERM');
  }
}
