import { type DetectionOutcome, emptyAlertState, evaluateAlerts } from '../../alerting';
import type { DetectionResult } from '../../engine/detection';
import { DAY_MS } from '../../engine/seasonal/period';
import { type DetectorSpec, parseDetectorSpec } from '../../engine/detectorSpec';
import { type LabelledSeries, generateServerMetrics } from '../../engine/synthetic/serverMetrics';
import { outcomeAt } from '../run/detectionOutcome';
import { EPISODE_LIFECYCLE_OPTIONS } from '../run/episodeLifecycle';
import type { DetectorEngine } from '../run/detectorRun';

/** A detection up to this long after a labelled window still counts for it (detectors confirm late). */
export const HIT_TOLERANCE_MS = 30 * 60_000;

export const DEMO_SPEC: DetectorSpec = parseDetectorSpec({
  id: 'demo',
  name: 'Vigil demo (default detector)',
  query: '{job="vigil-demo"}',
  step: '1m',
  trainingWindow: '2d',
});

export interface DemoSeriesResult {
  series: LabelledSeries;
  /** Scoring starts after the training days. */
  result: DetectionResult;
  row: DemoRow;
}

export interface DemoRow {
  scenario: string;
  instance: string;
  points: number;
  flagged: number;
  windows: number;
  windowsHit: number;
  alerts: number;
  falseAlerts: number;
}

function near(t: number, windows: Array<[number, number]>): boolean {
  return windows.some(([from, to]) => t >= from && t <= to + HIT_TOLERANCE_MS);
}

function outcomesOf(series: LabelledSeries, result: DetectionResult): DetectionOutcome[] {
  return Array.from(result.timestamps, (_, i) => outcomeAt(series.labels, result, i));
}

/**
 * The built-in demo without any server: the default detector is fitted on the first `trainDays` of the
 * deterministic labelled server metrics and scores the rest; the alert lifecycle (flapping hold included)
 * runs over the results, and each alert is checked against the labelled windows.
 */
export function runOfflineDemo(engine: DetectorEngine, trainDays = 2): DemoSeriesResult[] {
  return generateServerMetrics().map((series) => {
    const split = series.timestamps.findIndex((t) => t >= series.timestamps[0] + trainDays * DAY_MS);
    const detector = engine.create(DEMO_SPEC);
    detector.fit({
      labels: series.labels,
      timestamps: series.timestamps.subarray(0, split),
      values: series.values.subarray(0, split),
    });
    const result = detector.score({
      labels: series.labels,
      timestamps: series.timestamps.subarray(split),
      values: series.values.subarray(split),
    });
    const { events } = evaluateAlerts(
      emptyAlertState(),
      {
        target: { detector: DEMO_SPEC.id, severity: 'warning' },
        outcomes: outcomesOf(series, result),
        nowMs: series.timestamps[series.timestamps.length - 1],
      },
      EPISODE_LIFECYCLE_OPTIONS
    );
    const fired = events.filter((event) => event.kind === 'fired');
    const flaggedTimes = Array.from(result.timestamps).filter((_, i) => result.anomalies[i] === 1);
    const row: DemoRow = {
      scenario: series.scenario,
      instance: series.labels.instance,
      points: result.timestamps.length,
      flagged: flaggedTimes.length,
      windows: series.anomalyWindows.length,
      windowsHit: series.anomalyWindows.filter((window) => flaggedTimes.some((t) => near(t, [window]))).length,
      alerts: fired.length,
      falseAlerts: fired.filter((event) => !near(event.atMs, series.anomalyWindows)).length,
    };
    return { series, result, row };
  });
}

export function demoTable(rows: DemoRow[]): string {
  const header = ['scenario', 'instance', 'points', 'flagged', 'windows hit', 'alerts', 'false alerts'];
  const body = rows.map((row) => [
    row.scenario,
    row.instance,
    String(row.points),
    String(row.flagged),
    `${row.windowsHit}/${row.windows}`,
    String(row.alerts),
    String(row.falseAlerts),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}
