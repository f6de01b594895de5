import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type AlertState, emptyAlertState, evaluateAlerts, parseAlertState } from '../../alerting';
import { shardOf } from '../shard';
import { StateDirectory } from '../state/stateDirectory';
import { readStateFile, writeStateFile } from '../state/stateFile';
import { adoptOtherAlertStates } from './adoptAlertStates';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const log = pino({ level: 'silent' });
const INSTANCES = ['web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6'];

/** One firing entry per instance, as one run of the detector `cpu` leaves them. */
function firing(instances: string[], value = 97): AlertState {
  return evaluateAlerts(emptyAlertState(), {
    target: { detector: 'cpu', severity: 'warning' },
    outcomes: instances.map((instance) => ({
      labels: { __name__: 'cpu', instance },
      timestamp: NOW,
      score: 0.9,
      value,
      expected: 40,
      lower: 30,
      upper: 50,
      anomalous: true,
      explanation: null,
    })),
    nowMs: NOW,
  }).state;
}

const instancesOf = (state: AlertState) =>
  Object.values(state.entries)
    .map((entry) => entry.seriesLabels.instance)
    .sort();

describe('adoptOtherAlertStates', () => {
  it('gives each shard of the new layout the lifecycles of its own series, and removes the old file once empty', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-adopt-alerts-'));
    const oldFile = join(root, 'alerts.json');
    writeStateFile(oldFile, 'alerts', firing(INSTANCES));
    const ofShard = (index: number) =>
      INSTANCES.filter((instance) => shardOf({ __name__: 'cpu', instance }, 2) === index);
    expect(ofShard(0).length).toBeGreaterThan(0);
    expect(ofShard(1).length).toBeGreaterThan(0);

    // Shard 0 already follows one of its series itself: its own entry wins.
    const own = firing([ofShard(0)[0]], 120);
    const first = new StateDirectory(root, { index: 0, count: 2 });
    const adopted = adoptOtherAlertStates(first, own, { index: 0, count: 2 }, log);
    expect(instancesOf(adopted)).toEqual(ofShard(0));
    expect(
      Object.values(adopted.entries).find((entry) => entry.seriesLabels.instance === ofShard(0)[0])?.last?.value
    ).toBe(120);
    expect(readStateFile(first.alertsFile(), 'alerts', parseAlertState, log)).toEqual(adopted);
    expect(instancesOf(readStateFile(oldFile, 'alerts', parseAlertState, log)!)).toEqual(ofShard(1));

    const second = new StateDirectory(root, { index: 1, count: 2 });
    expect(instancesOf(adoptOtherAlertStates(second, emptyAlertState(), { index: 1, count: 2 }, log))).toEqual(
      ofShard(1)
    );
    expect(existsSync(oldFile)).toBe(false);
  });
});
