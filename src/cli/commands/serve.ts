import {
  CONFIG_OPTIONS,
  parseFlags,
  parsePortFlag,
  resolveShardFlags,
  resolveWorkers,
  SHARD_OPTIONS,
  WORKER_OPTIONS,
} from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { loadConfig } from '../config/loadConfig';
import { createLogger } from '../log';
import {
  createRunMetrics,
  declareForecastGauges,
  declareOutboxGauge,
  declareSeriesGauges,
} from '../metrics/vigilMetrics';
import { createRunClients } from '../run/clients';
import { detectRun } from '../run/detectRun';
import { engineAdapter } from '../run/engineAdapter';
import { tracerFromEnv } from '../tracing/tracerFromEnv';
import { listenUserError } from '../serve/listenError';
import { startMetricsServer } from '../serve/metricsServer';
import { runForecasts } from '../serve/forecastRun';
import { SeriesGauges } from '../serve/seriesGauges';
import { quoteInput } from '../../engine/util/quote';

const USAGE = `Usage: vigil serve [--config FILE] [--profile NAME] [--port N] [--host ADDRESS] [--no-alerts] [--shard-index I --shard-count N]

Long-running mode: a detection run every run_interval_seconds (the same run as \`vigil detect\`). Series
are refitted after drift (drift_detection) and after retrain_after_anomalies anomalies; on a schedule only
when refit_every (older name: retrain_interval) is set. Serves:
  /metrics   run metrics plus vigil_anomaly_score, vigil_expected_value, vigil_expected_lower and
             vigil_expected_upper per series (labels: vigil_detector and the series' labels; none for a
             detector whose last run failed); for detectors with a forecast block, vigil_forecast_value,
             vigil_forecast_lower and vigil_forecast_upper at the forecast horizon (label horizon)
  /healthz   200 while runs complete on schedule ("status":"degraded" when the last run failed), 503 when the
             last run is overdue
SIGTERM or SIGINT: finish the current run, save state, exit 0.

Options:
  -c, --config FILE      config file (default: $CONFIG_PATH, else ./config.yaml)
  -p, --profile NAME     overlay profiles.NAME of the config (default: $VIGIL_PROFILE)
      --port N           listen port, 0 to 65535 (default: config listen_port, 9464)
      --host ADDRESS     listen address (default: 0.0.0.0)
      --no-alerts        score and serve metrics, but send no alerts to Alertmanager or Slack (the
                         Kubernetes Deployment runs so: the vigil-detect CronJob sends the alerts)
      --shard-index I    (default: $JOB_COMPLETION_INDEX, else 0)
      --shard-count N    (default: $VIGIL_SHARD_COUNT, else 1)
      --workers N        scoring threads (default: $VIGIL_WORKERS, else the CPUs, at most 8)
      --log-level LEVEL  fatal, error, warn, info (default), debug, trace, silent
  -h, --help             this help`;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run detection every run_interval_seconds; serve /metrics and /healthz',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags('serve', argv, {
      ...CONFIG_OPTIONS,
      ...SHARD_OPTIONS,
      ...WORKER_OPTIONS,
      port: { type: 'string' },
      host: { type: 'string' },
      'no-alerts': { type: 'boolean' },
    });
    const shard = resolveShardFlags('serve', flags, process.env);
    const config = loadConfig(flags.config, { profile: flags.profile });
    const port = parsePortFlag('serve', flags.port) ?? config.settings.listen_port;
    const host = flags.host ?? '0.0.0.0';
    const log = createLogger({ level: flags['log-level'] });
    const runClients = createRunClients(config);
    // Without alert sinks a run still scores and keeps its alert states, but delivers nothing.
    const clients = flags['no-alerts'] ? { ...runClients, alertmanager: undefined, slack: undefined } : runClients;
    const tracer = tracerFromEnv(process.env, log);
    const intervalMs = config.settings.run_interval_seconds * 1000;
    const workers = resolveWorkers('serve', flags.workers, process.env);
    const registry = createRunMetrics();
    declareOutboxGauge(registry);
    declareSeriesGauges(registry);
    declareForecastGauges(registry);
    const seriesGauges = new SeriesGauges(registry);

    const startedAt = Date.now();
    let lastRun: { finishedAt: number; exitCode: number; errors: string[] } | undefined;
    const server = await startMetricsServer(
      host,
      port,
      () => registry.render(),
      () => {
        const since = lastRun?.finishedAt ?? startedAt;
        const healthy = Date.now() - since <= 3 * intervalMs + 60_000;
        // A failed run (Prometheus down) still answers 200: a probe that restarted the pod would not bring Prometheus back.
        const degraded = (lastRun?.exitCode ?? 0) !== 0;
        return {
          healthy,
          body: {
            status: healthy ? (degraded ? 'degraded' : 'ok') : 'overdue',
            lastRunAt: lastRun ? new Date(lastRun.finishedAt).toISOString() : null,
            lastExitCode: lastRun?.exitCode ?? null,
            lastErrors: lastRun?.errors ?? [],
          },
        };
      }
    ).catch((error: unknown) => {
      throw (
        listenUserError('serve', error, {
          host,
          port,
          hostSource: flags.host === undefined ? 'the default host' : `--host ${quoteInput(host)}`,
          portSource: flags.port === undefined ? `listen_port ${port} (${config.file})` : `--port ${port}`,
        }) ?? error
      );
    });
    const address = server.address();
    log.info(
      {
        port: typeof address === 'object' && address ? address.port : port,
        detectors: config.detectors.length,
        intervalSeconds: intervalMs / 1000,
        shard,
        alerts: flags['no-alerts'] ? 'off (--no-alerts)' : 'on',
      },
      'vigil serve listening'
    );

    let stopping = false;
    let wake: (() => void) | undefined;
    const stop = (signal: string) => {
      if (!stopping) {
        log.info({ signal }, 'stopping after the current run');
      }
      stopping = true;
      wake?.();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));

    while (!stopping) {
      const runStarted = Date.now();
      try {
        const report = await detectRun({
          config,
          shard,
          log,
          engine: engineAdapter,
          clients,
          workers,
          workerScript: __filename,
          servedMetrics: registry,
          tracer,
          alertsOff: flags['no-alerts'],
          onScored: (spec, scored) => seriesGauges.scored(spec.id, scored),
          onDetectorDone: (spec, returned) => seriesGauges.settle(spec.id, returned),
        });
        const forecastErrors = await runForecasts({ config, shard, clients, registry, log, nowMs: Date.now() });
        lastRun = {
          finishedAt: Date.now(),
          exitCode: forecastErrors.length > 0 ? Math.max(1, report.exitCode) : report.exitCode,
          errors: [...report.errors, ...forecastErrors],
        };
        log.info({ exitCode: report.exitCode, timings: report.timings, outbox: report.outboxSize }, 'run finished');
      } catch (error) {
        for (const spec of config.detectors) {
          seriesGauges.settle(spec.id, undefined);
        }
        lastRun = { finishedAt: Date.now(), exitCode: 1, errors: [(error as Error).message] };
        log.error({ error: (error as Error).message }, 'run failed');
      }
      await tracer.flush();
      if (stopping) {
        break;
      }
      const waitMs = Math.max(0, runStarted + intervalMs - Date.now());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
    log.info('vigil serve stopped');
    return EXIT_OK;
  },
};
