import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { emptyAlertState } from '../../alerting';
import type { DetectorStateFile } from './detectorState';
import { readDetectorState, writeDetectorState } from './detectorStateFile';
import { lastEvaluatedPoints } from './lastEvaluated';

const RUN_AT = Date.UTC(2026, 0, 1, 12, 0, 30);
const state: DetectorStateFile = {
  detectorId: 'cpu',
  specHash: 'abc',
  runAtMs: RUN_AT,
  series: { '{instance="a"}': { fittedAtMs: 1, lastTimestampMs: RUN_AT - 30_000, anomaliesSinceFit: 0 } },
};

describe('lastEvaluatedPoints', () => {
  it("gives each series' last scored point when the detector state was saved by the run that last evaluated it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-last-evaluated-'));
    const file = join(dir, 'cpu.jsonl');
    writeDetectorState(file, state);
    const saved = readDetectorState(file, pino({ level: 'silent' }));
    expect(saved?.runAtMs).toBe(RUN_AT);
    const alertState = { ...emptyAlertState(), evaluatedAt: { cpu: RUN_AT } };
    const last = lastEvaluatedPoints(alertState, 'cpu', saved)!;
    expect(last({ instance: 'a' })).toBe(RUN_AT - 30_000);
    expect(last({ instance: 'new' })).toBeUndefined();

    // A run stopped after saving the alert state and before the detector state: the watermark decides.
    const stoppedLater = { ...emptyAlertState(), evaluatedAt: { cpu: RUN_AT + 60_000 } };
    expect(lastEvaluatedPoints(stoppedLater, 'cpu', saved)).toBeUndefined();
    expect(lastEvaluatedPoints(alertState, 'cpu', undefined)).toBeUndefined();
  });

  it('leaves files written before the run time to the watermark, and reads them as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-last-evaluated-'));
    const file = join(dir, 'cpu.jsonl');
    writeDetectorState(file, state);
    const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
    const { runAtMs: _runAtMs, ...older } = JSON.parse(header) as Record<string, unknown>;
    writeFileSync(file, [JSON.stringify(older), ...lines, ''].join('\n'));
    const saved = readDetectorState(file, pino({ level: 'silent' }));
    expect(saved).toMatchObject({ detectorId: 'cpu', runAtMs: undefined, series: state.series });
    expect(lastEvaluatedPoints({ ...emptyAlertState(), evaluatedAt: { cpu: RUN_AT } }, 'cpu', saved)).toBeUndefined();
  });
});
