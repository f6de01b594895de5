import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseDuration } from '../../engine/duration';
import { CONFIG_OPTIONS, parseFlags, parsePortFlag } from '../args';
import { EXIT_OK, EXIT_USAGE, UserError, type CliCommand } from '../command';
import { loadConfig, type VigilConfig } from '../config/loadConfig';
import { createLogger, type Logger } from '../log';
import { readAlertFile } from '../remediate/alertFile';
import { GitRecord, gitRecordProblem } from '../remediate/gitRecord';
import { KubernetesApi, KubernetesApiError } from '../remediate/kubernetesApi';
import { LeaseLockStore } from '../remediate/leaseLockStore';
import type { LockStore } from '../remediate/lockStore';
import { ACTIONS_PATH, closeReceiver, startReceiver, WEBHOOK_PATH } from '../remediate/receiverServer';
import { createRemediationMetrics, setGitGauges } from '../remediate/remediationMetrics';
import { RemediationService } from '../remediate/remediationService';
import { FileLockStore, RemediationStore } from '../remediate/remediationStore';
import { explainDecisions } from '../remediate/explainDecision';
import { listenUserError, type ListenTarget } from '../serve/listenError';
import { StateLock } from '../state/stateLock';
import { quoteInput } from '../../engine/util/quote';

/** How long a stopping receiver lets requests in flight finish, once the action under way is done. */
const SHUTDOWN_GRACE_MS = 5_000;
const GIT_RETRY_MS = 60_000;

const USAGE = `Usage: vigil remediate [--config FILE] [--profile NAME] [--port N] [--host ADDRESS] [--dry-run]
       vigil remediate test --alert FILE [--config FILE] [--profile NAME]

Runs the config's activities: on Alertmanager notifications. Serves:
  POST ${WEBHOOK_PATH}         Alertmanager webhook (payload v4), with the shared bearer token
  GET  ${ACTIONS_PATH}  recent actions and refusals, newest first (JSON; same token; ?limit=, ?fingerprint=)
  /metrics, /healthz
An activity acts at most once per (activity, target) until the alert that caused it resolves, and
within its cooldown and max_actions_per_hour. Every action and refusal is committed to the Git record
(remediation.git) when configured. Locks: a Lease per (activity, target) in Kubernetes, else the state
directory (model_path/remediation). See docs/remediation.md.

\`test --alert FILE\` prints what would happen to an alert (or a webhook payload) and changes nothing.

Options:
  -c, --config FILE      config file (default: $CONFIG_PATH, else ./config.yaml)
  -p, --profile NAME     overlay profiles.NAME of the config (default: $VIGIL_PROFILE)
      --port N           listen port (default: remediation.listen_port, 9465)
      --host ADDRESS     listen address (default: 0.0.0.0)
      --dry-run          log what each activity would do; run nothing, take no lock
      --alert FILE       (test) the alert or payload, as JSON
      --log-level LEVEL  fatal, error, warn, info (default), debug, trace, silent
  -h, --help             this help`;

function loadRemediationConfig(flags: { config?: string; profile?: string }): VigilConfig {
  const config = loadConfig(flags.config, { profile: flags.profile, requireDetectors: false });
  if (config.activities.length === 0) {
    throw new UserError(`${config.file}: activities: no activity configured (see docs/remediation.md)`);
  }
  return config;
}

function runTest(argv: string[]): number {
  const flags = parseFlags('remediate test', argv, { ...CONFIG_OPTIONS, alert: { type: 'string' } });
  if (!flags.alert) {
    throw new UserError('remediate test: --alert FILE is required. Run `vigil remediate --help`.', EXIT_USAGE);
  }
  const config = loadRemediationConfig(flags);
  const now = Date.now();
  const alerts = readAlertFile(flags.alert, now);
  const store = new RemediationStore(join(config.settings.model_path, 'remediation'));
  const lockMaxAgeMs = parseDuration(config.settings.remediation.lock_max_age)!;
  for (const line of explainDecisions(config.activities, alerts, store.state, now, lockMaxAgeMs)) {
    process.stdout.write(`${line}\n`);
  }
  return EXIT_OK;
}

function createLockStore(config: VigilConfig, store: RemediationStore, kubernetes: () => KubernetesApi): LockStore {
  const settings = config.settings.remediation;
  const kind = settings.lock ?? (process.env.KUBERNETES_SERVICE_HOST ? 'lease' : 'file');
  if (kind === 'file') {
    return new FileLockStore(store);
  }
  const api = kubernetes();
  const namespace = settings.kubernetes.lease_namespace ?? api.podNamespace;
  if (!namespace) {
    throw new UserError(
      `${config.file}: remediation.kubernetes.lease_namespace: required outside a pod for lock: lease`
    );
  }
  return new LeaseLockStore(api, namespace, process.env.POD_NAME ?? hostname());
}

/** The receiver, from its state to the end of its last action after SIGTERM (the caller holds the state lock). */
async function serveReceiver(
  config: VigilConfig,
  directory: string,
  log: Logger,
  dryRun: boolean,
  listen: ListenTarget
): Promise<void> {
  const settings = config.settings.remediation;
  const store = new RemediationStore(directory);
  let api: KubernetesApi | undefined;
  const kubernetes = () => {
    try {
      api ??= new KubernetesApi({ baseUrl: settings.kubernetes.api_url });
    } catch (error) {
      if (error instanceof KubernetesApiError) {
        throw new UserError(`${config.file}: remediation.kubernetes.api_url: ${error.message}`);
      }
      throw error;
    }
    return api;
  };
  const actsOnKubernetes = config.activities.some(
    (activity) => activity.action.type === 'rollout_restart' || activity.action.type === 'scale'
  );
  const locks = createLockStore(config, store, kubernetes);
  if (!dryRun && (locks.kind === 'lease' || actsOnKubernetes)) {
    // Fails now, naming the setting, if there is no API to act on; the first notification need not wait.
    await kubernetes().preload();
  }
  const metrics = createRemediationMetrics();
  const git = settings.git ? new GitRecord(settings.git, store, log) : undefined;
  const service = new RemediationService({
    activities: config.activities,
    store,
    locks,
    kubernetes,
    git,
    log,
    metrics,
    dryRun,
    lockMaxAgeMs: parseDuration(settings.lock_max_age)!,
  });
  if (!dryRun) {
    service.recordInterrupted();
  }
  const server = await startReceiver({
    host: listen.host,
    port: listen.port,
    bearerToken: settings.bearer_token,
    maxBodyBytes: settings.max_body_bytes,
    metrics,
    updateGauges: () => setGitGauges(metrics, store.state),
    log,
    handle: (payload) => service.handle(payload),
    recentActions: () => store.state.recent,
    health: () => ({
      activities: config.activities.length,
      lock: locks.kind,
      dryRun,
      gitPendingRecords: store.state.pending.length,
      gitPushPending: store.state.pushPending,
    }),
  }).catch((error: unknown) => {
    throw listenUserError('remediate', error, listen) ?? error;
  });
  const address = server.address();
  log.info(
    {
      port: typeof address === 'object' && address ? address.port : listen.port,
      activities: config.activities.map((a) => a.name),
      lock: locks.kind,
      dryRun,
    },
    'vigil remediate listening'
  );
  await git?.flush();
  const retry = setInterval(() => {
    if (store.state.pending.length > 0 || store.state.pushPending) {
      void git?.flush();
    }
  }, GIT_RETRY_MS);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  clearInterval(retry);
  // The action under way finishes and is answered; Alertmanager re-sends the notifications refused meanwhile.
  const drained = service.stop();
  const closed = closeReceiver(server, SHUTDOWN_GRACE_MS, drained);
  if (!(await drained)) {
    log.warn('stopping during an action that outlasted its time limit: the next start records it as interrupted');
  }
  await closed;
  await git?.flush();
}

export const remediateCommand: CliCommand = {
  name: 'remediate',
  summary: 'Receive Alertmanager webhooks and run declared activities, with locks, guard rails and a Git record',
  usage: USAGE,
  async run(argv) {
    if (argv[0] === 'test') {
      return runTest(argv.slice(1));
    }
    const flags = parseFlags('remediate', argv, {
      ...CONFIG_OPTIONS,
      port: { type: 'string' },
      host: { type: 'string' },
      'dry-run': { type: 'boolean' },
    });
    const config = loadRemediationConfig(flags);
    const settings = config.settings.remediation;
    if (!settings.bearer_token) {
      throw new UserError(
        `${config.file}: remediation.bearer_token: required (or VIGIL_REMEDIATE_TOKEN): the webhook must not accept anonymous requests`
      );
    }
    const port = parsePortFlag('remediate', flags.port) ?? settings.listen_port;
    const host = flags.host ?? '0.0.0.0';
    const log = createLogger({ level: flags['log-level'] });
    const dryRun = flags['dry-run'] ?? false;
    if (settings.git) {
      const problem = await gitRecordProblem(settings.git.repository);
      if (problem) {
        throw new UserError(`${config.file}: remediation.git.repository: ${problem} (see docs/remediation.md)`);
      }
    }
    const directory = join(config.settings.model_path, 'remediation');
    const stateLock = StateLock.acquire(join(directory, 'remediate.lock'), log);
    try {
      await serveReceiver(config, directory, log, dryRun, {
        host,
        port,
        hostSource: flags.host === undefined ? 'the default host' : `--host ${quoteInput(host)}`,
        portSource: flags.port === undefined ? `remediation.listen_port ${port} (${config.file})` : `--port ${port}`,
      });
    } finally {
      stateLock.release();
    }
    return EXIT_OK;
  },
};
