import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type Alert,
  alertIdentity,
  type AlertEvent,
  emptyAlertState,
  emptyOutbox,
  evaluateAlerts,
  type LifecycleOptions,
  parseAlertState,
  parseOutbox,
  retireDetectors,
} from '../../alerting';
import { type DetectorSpec, valueUnit } from '../../engine/detectorSpec';
import { parseDuration } from '../../engine/duration';
import { seriesKey } from '../../engine/series';
import type { VigilConfig } from '../config/loadConfig';
import type { Logger } from '../log';
import type { MetricsRegistry } from '../metrics/registry';
import { inShard, type Shard } from '../shard';
import { StateDirectory } from '../state/stateDirectory';
import { readStateFile } from '../state/stateFile';
import { StateLock } from '../state/stateLock';
import { inSpan, NOOP_TRACER, type Span, type Tracer } from '../tracing/tracer';
import { adoptOtherAlertStates } from './adoptAlertStates';
import { adoptOtherOutboxes } from './adoptOutboxes';
import { AlertJournal } from './alertJournal';
import type { RunClients } from './clients';
import { CsvOutput } from './csvOutput';
import { deliverAlerts, type DeliveryResult } from './delivery';
import { readDetectorState, writeDetectorState } from './detectorStateFile';
import {
  type DetectorEngine,
  noSeriesCounts,
  type RetrainPolicy,
  runDetector,
  type ScoredSeries,
  type SeriesCounts,
} from './detectorRun';
import { EPISODE_LIFECYCLE_OPTIONS } from './episodeLifecycle';
import { lastEvaluatedPoints } from './lastEvaluated';
import { runMultivariateDetector } from './multivariateRun';
import { inThreadExecutor, workerPoolExecutor } from './scoringPool';
import { fetchSeriesGrid } from './seriesGrid';
import { prepareNeuralBackend } from '../neural/neuralBackend';
import { PUSH_JOB } from './pushJob';
import { clearRemovedDetectors } from './removedDetectors';
import { deleteRetiredShardGroups } from './retiredShardGroups';
import { type DetectorFigures, recordRunMetrics } from './runMetrics';

export interface DetectRunOptions {
  config: VigilConfig;
  shard: Shard;
  log: Logger;
  engine: DetectorEngine;
  clients: RunClients;
  nowMs?: number;
  /** Score on this many worker threads running `workerScript` (the CLI bundle); 1 or absent: on this thread. */
  workers?: number;
  workerScript?: string;
  /** Serve mode keeps one registry across runs (labelled by detector); detect mode pushes a group per detector. */
  servedMetrics?: MetricsRegistry;
  onScored?: (spec: DetectorSpec, scored: ScoredSeries) => void;
  /** After each detector: the seriesKey of every series its query returned, scored or not; undefined if it failed. */
  onDetectorDone?: (spec: DetectorSpec, returned: ReadonlySet<string> | undefined) => void;
  /** One trace per run (root span `vigil.run`); the caller flushes it. Default: no tracing. */
  tracer?: Tracer;
  /** Alerts are not sent on purpose (`serve --no-alerts`): no warning that no delivery channel is set. */
  alertsOff?: boolean;
}

export interface DetectorReport extends SeriesCounts {
  id: string;
  /** Samples Prometheus returned to this detector's queries. */
  samplesRead: number;
  ok: boolean;
  error?: string;
  alerts: number;
}

export interface RunTimings {
  queryS: number;
  scoreS: number;
  alertS: number;
  stateS: number;
  totalS: number;
}

export interface RunReport {
  exitCode: 0 | 1;
  detectors: DetectorReport[];
  delivery: DeliveryResult;
  /** What happened to alerts in this run (fired, resolved, flapping, settled, gone, muted, pending). */
  events: AlertEvent[];
  /** Alerts this run produced (before the outbox merged them with earlier ones). */
  alerts: Alert[];
  /** Alerts still queued for the next run. */
  outboxSize: number;
  timings: RunTimings;
  stateBytes: number;
  errors: string[];
}

/** How long a firing alert is sent for (its endsAt ahead of now), and how long a missing series stays unresolved. */
function alertLivenessMs(runIntervalMs: number): number {
  return Math.max(EPISODE_LIFECYCLE_OPTIONS.activeTimeoutMs, 3 * runIntervalMs);
}

function lifecycleOptions(spec: DetectorSpec, runIntervalMs: number): LifecycleOptions {
  const liveness = alertLivenessMs(runIntervalMs);
  return {
    ...EPISODE_LIFECYCLE_OPTIONS,
    flapping: { maxChanges: spec.alert.flapping.maxChanges, windowMs: spec.alert.flapping.windowMinutes * 60_000 },
    activeTimeoutMs: liveness,
    missingResolveAfterMs: liveness,
  };
}

/** Refit groups at most: with refit_every 1d and 5-minute runs, one group refits each hour. */
const MAX_REFIT_GROUPS = 24;

function retrainPolicy(settings: VigilConfig['settings'], spec: DetectorSpec): RetrainPolicy {
  const refitEvery = settings.refit_every ?? settings.retrain_interval;
  const refitEveryMs = refitEvery === undefined ? undefined : parseDuration(refitEvery)!;
  const runMs = settings.run_interval_seconds * 1000;
  return {
    minPoints: settings.min_points,
    refitEveryMs,
    refitGroups:
      refitEveryMs === undefined ? 1 : Math.max(1, Math.min(MAX_REFIT_GROUPS, Math.floor(refitEveryMs / runMs))),
    retrainAfterAnomalies: settings.retrain_after_anomalies,
    refitOnDrift: settings.drift_detection && spec.drift.enabled,
    stateTtlMs: parseDuration(settings.state_ttl)!,
  };
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/**
 * One detection run over every enabled detector of this shard: query, restore or fit, score, advance
 * the alert lifecycle, save each detector's alerts (AlertJournal) and then its state, atomically; deliver
 * the outbox, save what is left of it, push run metrics. A failing
 * detector is reported and skipped (its state untouched); the run then exits 1. The whole run holds the
 * state lock of its shard (StateLockedError when another run holds it).
 */
export async function detectRun(options: DetectRunOptions): Promise<RunReport> {
  const runSpan = (options.tracer ?? NOOP_TRACER).startTrace('vigil.run', {
    'vigil.shard.index': options.shard.index,
    'vigil.shard.count': options.shard.count,
  });
  const directory = new StateDirectory(resolve(options.config.settings.model_path), options.shard);
  let lock: StateLock | undefined;
  try {
    lock = StateLock.acquire(directory.lockFile(), options.log);
    const report = await tracedRun(options, directory, runSpan);
    runSpan.setAttributes({
      'vigil.exit_code': report.exitCode,
      'vigil.detectors': report.detectors.length,
      'vigil.series': report.detectors.reduce((sum, detector) => sum + detector.seriesScored, 0),
      'vigil.anomalies': report.detectors.reduce((sum, detector) => sum + detector.anomalies, 0),
      'vigil.errors': report.errors.length,
    });
    if (report.errors.length > 0) {
      runSpan.fail(report.errors.join('; '));
    }
    return report;
  } catch (error) {
    runSpan.fail((error as Error).message);
    throw error;
  } finally {
    lock?.release();
    runSpan.end();
  }
}

async function tracedRun(options: DetectRunOptions, directory: StateDirectory, runSpan: Span): Promise<RunReport> {
  const { config, shard, log, engine, clients } = options;
  const { settings } = config;
  const started = performance.now();
  const nowMs = options.nowMs ?? Date.now();
  // Summed unrounded and written in seconds once: sums of rounded seconds print as 0.009000000000000001.
  const elapsedMs = { query: 0, score: 0, alert: 0, state: 0 };
  const errors: string[] = [];
  let stateBytes = 0;

  let stateStarted = performance.now();
  const journal = new AlertJournal(
    directory,
    adoptOtherAlertStates(
      directory,
      readStateFile(directory.alertsFile(), 'alerts', parseAlertState, log) ?? emptyAlertState(),
      shard,
      log
    ),
    adoptOtherOutboxes(
      directory,
      readStateFile(directory.outboxFile(), 'outbox', parseOutbox, log) ?? emptyOutbox(),
      log
    ),
    Boolean(clients.alertmanager ?? clients.slack)
  );
  elapsedMs.state += performance.now() - stateStarted;

  await prepareNeuralBackend(
    config.detectors.filter((detector) => detector.enabled),
    ({ backend, warning }) =>
      warning ? log.warn(warning) : log.info(`neural networks train on TF.js's ${backend} backend`)
  );
  const executor =
    options.workers && options.workers > 1 && options.workerScript
      ? workerPoolExecutor(options.workerScript, options.workers)
      : inThreadExecutor(engine);
  const csv = settings.output_csv ? new CsvOutput(settings.output_csv) : undefined;
  const alerts: Alert[] = [];
  const events: AlertEvent[] = [];
  const reports: DetectorReport[] = [];
  const detectorFigures: DetectorFigures[] = [];
  const appUrl = settings.grafana_url ? `${settings.grafana_url.replace(/\/+$/, '')}/a/vigil-anomaly-app` : undefined;
  const enabled = config.detectors.filter((detector) => detector.enabled);

  try {
    for (const spec of enabled) {
      const detectorStarted = performance.now();
      const detectorSpan = runSpan.child('vigil.detector', { 'vigil.detector': spec.id });
      let scoreSpan: Span | undefined;
      let alertsSpan: Span | undefined;
      const invalidSeries = new Map<string, string>();
      let returned: ReadonlySet<string> | undefined;
      const report: DetectorReport = {
        id: spec.id,
        ok: false,
        ...noSeriesCounts(),
        samplesRead: 0,
        alerts: 0,
      };
      try {
        stateStarted = performance.now();
        const file = directory.detectorFile(spec.id);
        const previous = readDetectorState(file, log);
        elapsedMs.state += performance.now() - stateStarted;

        // Counted before the shard's share is kept: a query no shard gets a series from matches nothing.
        const samplesByQuery = new Map<string, number>();
        const fetchQuery = async (
          query: string,
          startMs: number,
          endMs: number,
          stepMs: number,
          keep: (labels: Record<string, string>) => boolean
        ) => {
          const fetched = await inSpan(
            detectorSpan,
            'vigil.query',
            async (span) => {
              const read = { samples: 0 };
              const grid = await fetchSeriesGrid(
                (expr, from, to, step) =>
                  clients.prometheus.queryRange(expr, from, to, step, {
                    timeout: `${settings.query_timeout_seconds}s`,
                    onInvalidSeries: (labels, problem) => {
                      invalidSeries.set(seriesKey(labels), problem);
                      log.error({ detector: spec.id, series: labels, error: problem }, 'series left out of this run');
                    },
                  }),
                query,
                startMs,
                endMs,
                stepMs,
                keep,
                settings.max_samples_per_query,
                read
              );
              report.samplesRead += read.samples;
              samplesByQuery.set(query, (samplesByQuery.get(query) ?? 0) + read.samples);
              span.setAttributes({ 'vigil.series': grid.length, 'vigil.samples': read.samples });
              return grid;
            },
            { 'vigil.query': query, 'vigil.range_seconds': (endMs - startMs) / 1000 }
          );
          // Scoring starts once the first query has answered (a history query may follow inside it).
          scoreSpan ??= detectorSpan.child('vigil.score');
          return fetched;
        };
        const onScored = (scored: ScoredSeries) => {
          csv?.append(spec.id, scored);
          options.onScored?.(spec, scored);
        };
        const followedIdentities = new Set(
          Object.entries(journal.alertState.entries)
            .filter(([, entry]) => entry.detector === spec.id)
            .map(([identity]) => identity)
        );
        const followed = (labels: Record<string, string>) => followedIdentities.has(alertIdentity(spec.id, labels));
        const joinOn = spec.multivariate?.on;
        const output = joinOn
          ? await runMultivariateDetector({
              spec,
              policy: retrainPolicy(settings, spec),
              previous,
              nowMs,
              log,
              // A target's metrics go to one shard: the shard is chosen by the join labels alone.
              fetch: (query, startMs, endMs, stepMs) =>
                fetchQuery(query, startMs, endMs, stepMs, (labels) =>
                  inShard(Object.fromEntries(joinOn.map((name) => [name, labels[name] ?? ''])), shard)
                ),
              onScored,
              followed,
            })
          : await runDetector({
              spec,
              policy: retrainPolicy(settings, spec),
              previous,
              nowMs,
              executor,
              log,
              fetch: (startMs, endMs, stepMs) =>
                fetchQuery(spec.query, startMs, endMs, stepMs, (labels) => inShard(labels, shard)),
              onScored,
              followed,
            });
        elapsedMs.query += output.queryMs;
        elapsedMs.score += output.scoreMs;
        scoreSpan?.setAttributes({
          'vigil.series': output.seriesScored,
          'vigil.points': output.points,
          'vigil.anomalies': output.anomalies,
          'vigil.refitted': output.refitted,
          'vigil.restored': output.restored,
          'vigil.skipped': output.skipped,
        });
        scoreSpan?.end();

        const alertStarted = performance.now();
        alertsSpan = detectorSpan.child('vigil.alerts');
        const evaluated = evaluateAlerts(
          journal.alertState,
          {
            target: {
              detector: spec.id,
              detectorName: spec.name,
              severity: spec.alert.severity,
              extraLabels: spec.alert.labels,
              appUrl,
              unit: valueUnit(spec),
            },
            outcomes: output.outcomes,
            nowMs,
            mutes: config.mutes,
            lastEvaluated: lastEvaluatedPoints(journal.alertState, spec.id, previous),
          },
          lifecycleOptions(spec, settings.run_interval_seconds * 1000)
        );
        for (const event of evaluated.events.filter((item) => item.kind !== 'pending')) {
          log.info(
            {
              detector: spec.id,
              event: event.kind,
              series: event.seriesLabels,
              at: new Date(event.atMs).toISOString(),
            },
            `alert ${event.kind}`
          );
        }
        alertsSpan.setAttributes({ 'vigil.alerts': evaluated.alerts.length, 'vigil.events': evaluated.events.length });
        alertsSpan.end();
        elapsedMs.alert += performance.now() - alertStarted;

        stateStarted = performance.now();
        stateBytes += journal.record(evaluated.state, evaluated.alerts, nowMs);
        alerts.push(...evaluated.alerts);
        events.push(...evaluated.events);
        stateBytes += writeDetectorState(file, output.state);
        rmSync(directory.legacyDetectorFile(spec.id), { force: true });
        elapsedMs.state += performance.now() - stateStarted;

        returned = output.returned;
        Object.assign(report, {
          ok: true,
          seriesScored: output.seriesScored,
          anomalies: output.anomalies,
          refitted: output.refitted,
          restored: output.restored,
          skipped: output.skipped,
          points: output.points,
          alerts: evaluated.alerts.length,
        });
        log.info(
          {
            detector: spec.id,
            series: output.seriesScored,
            points: output.points,
            anomalies: output.anomalies,
            refitted: output.refitted,
            restored: output.restored,
            skipped: output.skipped,
            samplesRead: report.samplesRead,
          },
          'detector scored'
        );
        for (const [query, samples] of samplesByQuery) {
          if (samples === 0) {
            log.warn({ detector: spec.id, query }, 'the query matched no series: check its metric name and labels');
          }
        }
      } catch (error) {
        const message = `detector ${spec.id}: ${(error as Error).message}`;
        report.error = (error as Error).message;
        errors.push(message);
        for (const open of [scoreSpan, alertsSpan]) {
          open?.fail(report.error);
          open?.end();
        }
        detectorSpan.fail(report.error);
        log.error(
          { detector: spec.id, error: (error as Error).message },
          'detector run failed; its state is left as it was'
        );
      }
      options.onDetectorDone?.(spec, returned);
      for (const [series, problem] of invalidSeries) {
        errors.push(`detector ${spec.id}: series ${series} left out: ${problem}`);
      }
      detectorSpan.setAttributes({
        'vigil.series': report.seriesScored,
        'vigil.anomalies': report.anomalies,
        'vigil.alerts': report.alerts,
      });
      detectorSpan.end();
      reports.push(report);
      detectorFigures.push({
        id: spec.id,
        figures: {
          durationSeconds: (performance.now() - detectorStarted) / 1000,
          seriesScored: report.seriesScored,
          anomalies: report.anomalies,
          samplesRead: report.samplesRead,
          errors: (report.ok ? 0 : 1) + invalidSeries.size,
          finishedAtSeconds: Date.now() / 1000,
          succeeded: report.ok,
        },
      });
    }
  } finally {
    csv?.close();
    await executor.close();
  }

  const enabledIds = new Set(enabled.map((spec) => spec.id));
  const retired = retireDetectors(journal.alertState, (detector) => enabledIds.has(detector), nowMs, appUrl);
  for (const [detector, resolved] of retired.resolved) {
    log.info(
      { detector, resolved },
      'detector no longer configured: its alert state is dropped, its firing alerts resolved'
    );
  }
  if (retired.resolved.size > 0) {
    stateBytes += journal.record(retired.state, retired.alerts, nowMs);
    alerts.push(...retired.alerts);
  }

  const deliveryStarted = performance.now();
  const deliverSpan = runSpan.child('vigil.deliver');
  const delivery = await deliverAlerts(
    journal.outbox,
    nowMs,
    alertLivenessMs(settings.run_interval_seconds * 1000),
    clients
  );
  deliverSpan.setAttributes({
    'vigil.channel': delivery.channel,
    'vigil.delivered': delivery.delivered,
    'vigil.outbox': delivery.outbox.entries.length,
  });
  if (delivery.error) {
    deliverSpan.fail(delivery.error);
  }
  deliverSpan.end();
  if (delivery.late.length > 0) {
    log.warn(
      {
        channel: delivery.channel,
        alerts: delivery.late.length,
        series: delivery.late.slice(0, 3).map((alert) => alert.labels),
      },
      'undelivered firing alerts outlived their endsAt and were sent as firing now; their resolves follow next run'
    );
  }
  if (delivery.error) {
    errors.push(`alert delivery (${delivery.channel}): ${delivery.error}`);
    log.error(
      { channel: delivery.channel, queued: delivery.outbox.entries.length, error: delivery.error },
      'alerts could not be delivered; kept in the outbox for the next run'
    );
  } else if (delivery.delivered > 0) {
    log.info({ channel: delivery.channel, delivered: delivery.delivered }, 'alerts delivered');
  } else if (delivery.channel === 'none' && alerts.length > 0 && !options.alertsOff) {
    log.warn({ alerts: alerts.length }, 'alerts produced but neither alertmanager_url nor slack_webhook_url is set');
  }
  elapsedMs.alert += performance.now() - deliveryStarted;

  stateStarted = performance.now();
  await inSpan(runSpan, 'vigil.state.save', () => {
    stateBytes += journal.settle(delivery.outbox);
  });
  elapsedMs.state += performance.now() - stateStarted;

  const pushGroups = recordRunMetrics(detectorFigures, delivery, shard.index, options.servedMetrics);
  if (clients.pushgateway && pushGroups.length > 0) {
    const pushSpan = runSpan.child('vigil.metrics.push', { 'vigil.groups': pushGroups.length });
    for (const group of pushGroups) {
      try {
        await clients.pushgateway.push(PUSH_JOB, group.grouping, group.registry.render(), { replace: group.replace });
      } catch (error) {
        errors.push(`run metrics push: ${(error as Error).message}`);
        log.error(
          { group: group.grouping, error: (error as Error).message },
          'run metrics could not be pushed to the Pushgateway'
        );
        pushSpan.fail((error as Error).message);
      }
    }
    pushSpan.end();
  }
  errors.push(
    ...(await clearRemovedDetectors({
      directory,
      enabled: enabledIds,
      shard,
      stateTtlMs: parseDuration(settings.state_ttl)!,
      nowMs,
      pushgateway: options.servedMetrics ? undefined : clients.pushgateway,
      log,
    }))
  );
  if (clients.pushgateway && !options.servedMetrics) {
    errors.push(...(await deleteRetiredShardGroups(clients.pushgateway, shard, log)));
  }

  const timings: RunTimings = {
    queryS: seconds(elapsedMs.query),
    scoreS: seconds(elapsedMs.score),
    alertS: seconds(elapsedMs.alert),
    stateS: seconds(elapsedMs.state),
    totalS: seconds(performance.now() - started),
  };
  return {
    exitCode: errors.length > 0 ? 1 : 0,
    detectors: reports,
    delivery,
    events,
    alerts,
    outboxSize: delivery.outbox.entries.length,
    timings,
    stateBytes,
    errors,
  };
}
