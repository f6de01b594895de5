import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, emptyAlertState, emptyOutbox } from '../../alerting';
import { StateDirectory } from '../state/stateDirectory';
import { AlertJournal } from './alertJournal';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

const firing: Alert = {
  labels: { alertname: 'VigilAnomaly', vigil_detector: 'cpu', instance: 'a' },
  annotations: {},
  startsAt: new Date(NOW - 60_000).toISOString(),
  endsAt: new Date(NOW + 900_000).toISOString(),
  generatorURL: '',
};

function journal(queueing = true) {
  const directory = new StateDirectory(mkdtempSync(join(tmpdir(), 'vigil-journal-')), { index: 0, count: 1 });
  return { directory, journal: new AlertJournal(directory, emptyAlertState(), emptyOutbox(), queueing) };
}

function queued(file: string): Alert[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { data: { entries: Array<{ alert: Alert }> } }).data.entries.map(
    (entry) => entry.alert
  );
}

describe('AlertJournal', () => {
  it('queues the alerts before it saves the alert state that has seen them', () => {
    const { directory, journal: run } = journal();
    // The alert state cannot be written (a directory in its place): the run stops between the two writes.
    mkdirSync(directory.alertsFile());
    const state = { ...emptyAlertState(), watermarks: { cpu: NOW } };
    expect(() => run.record(state, [firing], NOW)).toThrow();
    expect(queued(directory.outboxFile())).toEqual([firing]);
    expect(run.alertState).toEqual(emptyAlertState());
  });

  it('saves the alert state, and queues nothing when there is no channel to deliver to', () => {
    const { directory, journal: run } = journal(false);
    const state = { ...emptyAlertState(), watermarks: { cpu: NOW } };
    run.record(state, [firing], NOW);
    expect(JSON.parse(readFileSync(directory.alertsFile(), 'utf8')).data).toEqual(state);
    expect(existsSync(directory.outboxFile())).toBe(false);
  });

  it('rewrites the outbox after delivery only when delivery changed it', () => {
    const { directory, journal: run } = journal();
    run.record(emptyAlertState(), [firing], NOW);
    expect(run.settle(run.outbox)).toBe(0);
    expect(run.settle(emptyOutbox())).toBeGreaterThan(0);
    expect(queued(directory.outboxFile())).toEqual([]);
  });
});
