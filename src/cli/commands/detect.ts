import { CONFIG_OPTIONS, parseFlags, resolveShardFlags, resolveWorkers, SHARD_OPTIONS, WORKER_OPTIONS } from '../args';
import type { CliCommand } from '../command';
import { loadConfig } from '../config/loadConfig';
import { createLogger } from '../log';
import { createRunClients } from '../run/clients';
import { detectRun } from '../run/detectRun';
import { engineAdapter } from '../run/engineAdapter';
import { tracerFromEnv } from '../tracing/tracerFromEnv';

const USAGE = `Usage: vigil detect [--config FILE] [--profile NAME] [--shard-index I --shard-count N]

One detection run (for a CronJob): query Prometheus, restore or fit each series' model, score the new
points, advance the alert lifecycle (flapping, dedup, mutes), deliver to Alertmanager (or Slack when no
Alertmanager is set; undelivered alerts stay in the outbox), save state, push run metrics, exit.

Options:
  -c, --config FILE      config file (default: $CONFIG_PATH, else ./config.yaml)
  -p, --profile NAME     overlay profiles.NAME of the config (default: $VIGIL_PROFILE)
      --shard-index I    this process's shard (default: $JOB_COMPLETION_INDEX, else 0)
      --shard-count N    number of shards (default: $VIGIL_SHARD_COUNT, else 1)
      --workers N        scoring threads (default: $VIGIL_WORKERS, else the CPUs, at most 8)
      --log-level LEVEL  fatal, error, warn, info (default), debug, trace, silent
  -h, --help             this help

Exit codes: 0 all detectors ran and every alert was delivered; 1 partial failure (a query, a delivery
or the metrics push failed: see the logs; undelivered alerts go out on the next run); 2 bad config or usage.`;

export const detectCommand: CliCommand = {
  name: 'detect',
  summary: 'One detection run: query, score, alert, save state, push run metrics (CronJob)',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags('detect', argv, { ...CONFIG_OPTIONS, ...SHARD_OPTIONS, ...WORKER_OPTIONS });
    const shard = resolveShardFlags('detect', flags, process.env);
    const config = loadConfig(flags.config, { profile: flags.profile });
    const log = createLogger({ level: flags['log-level'] });
    const clients = createRunClients(config);
    const tracer = tracerFromEnv(process.env, log);
    log.info(
      {
        config: config.file,
        profile: config.profile,
        detectors: config.detectors.length,
        shard,
        prometheus: clients.prometheusTarget,
      },
      'vigil detect starting'
    );
    const report = await detectRun({
      config,
      shard,
      log,
      engine: engineAdapter,
      clients,
      workers: resolveWorkers('detect', flags.workers, process.env),
      workerScript: __filename,
      tracer,
    });
    await tracer.flush();
    log.info(
      {
        exitCode: report.exitCode,
        series: report.detectors.reduce((sum, detector) => sum + detector.seriesScored, 0),
        anomalies: report.detectors.reduce((sum, detector) => sum + detector.anomalies, 0),
        delivered: report.delivery.delivered,
        outbox: report.outboxSize,
        timings: report.timings,
      },
      report.exitCode === 0 ? 'vigil detect finished' : `vigil detect finished with ${report.errors.length} error(s)`
    );
    return report.exitCode;
  },
};
