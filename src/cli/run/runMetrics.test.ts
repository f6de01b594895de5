import { type Alert, emptyOutbox, enqueue } from '../../alerting';
import { createRunMetrics, declareOutboxGauge } from '../metrics/vigilMetrics';
import type { DeliveryResult } from './delivery';
import { recordRunMetrics } from './runMetrics';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function alert(detector: string, instance: string): Alert {
  return {
    labels: { alertname: 'VigilAnomaly', vigil_detector: detector, instance },
    annotations: {},
    startsAt: new Date(NOW).toISOString(),
    endsAt: new Date(NOW + 900_000).toISOString(),
    generatorURL: '',
  };
}

const figures = (errors: number, succeeded = true) => ({
  durationSeconds: 1,
  seriesScored: succeeded ? 2 : 0,
  anomalies: succeeded ? 1 : 0,
  samplesRead: succeeded ? 10 : 0,
  errors,
  finishedAtSeconds: NOW / 1000,
  succeeded,
});

/** disk's query failed. */
const detectors = [
  { id: 'cpu', figures: figures(0) },
  { id: 'disk', figures: figures(1, false) },
  { id: 'load', figures: figures(0) },
];

/** Alertmanager was unreachable: the outbox keeps two alerts of cpu and one of a detector no longer configured. */
const failed: DeliveryResult = {
  outbox: enqueue(emptyOutbox(), [alert('cpu', 'a'), alert('cpu', 'b'), alert('gone', 'a')], NOW),
  delivered: 0,
  late: [],
  error: 'Alertmanager post alerts: cannot connect (ECONNREFUSED)',
  channel: 'alertmanager',
};

describe('recordRunMetrics', () => {
  it('counts a failed delivery as an error of each detector it left alerts of, and pushes the outbox size per shard', () => {
    const groups = recordRunMetrics(detectors, failed, 3);
    expect(groups.map((group) => group.grouping)).toEqual([
      { vigil_detector: 'cpu', shard: '3' },
      { vigil_detector: 'disk', shard: '3' },
      { vigil_detector: 'load', shard: '3' },
      { shard: '3' },
    ]);
    const [cpu, disk, load, outbox] = groups.map((group) => group.registry.render());
    expect(cpu).toContain('\nvigil_run_errors_total 1\n');
    expect(disk).toContain('\nvigil_run_errors_total 1\n');
    expect(load).toContain('\nvigil_run_errors_total 0\n');
    expect(cpu).not.toContain('vigil_outbox_alerts');
    expect(outbox).toBe(
      '# HELP vigil_outbox_alerts Alerts waiting in the outbox for delivery after the last run.\n' +
        '# TYPE vigil_outbox_alerts gauge\nvigil_outbox_alerts 3\n'
    );
  });

  it('serves the same in one registry, and an outbox left by a successful delivery counts no error', () => {
    const served = createRunMetrics();
    declareOutboxGauge(served);
    expect(recordRunMetrics(detectors, failed, 0, served)).toEqual([]);
    recordRunMetrics(detectors, { ...failed, error: undefined, outbox: emptyOutbox() }, 0, served);
    const text = served.render();
    expect(text).toContain('\nvigil_run_errors_total{vigil_detector="cpu"} 1\n');
    expect(text).toContain('\nvigil_run_errors_total{vigil_detector="disk"} 2\n');
    expect(text).toContain('\nvigil_run_errors_total{vigil_detector="load"} 0\n');
    expect(text).toContain('\nvigil_outbox_alerts 0\n');
  });

  it('sets the last success time of a detector only when it was scored; a failed one keeps the one pushed before', () => {
    const groups = recordRunMetrics(detectors, { ...failed, error: undefined, outbox: emptyOutbox() }, 0);
    const [cpu, disk] = groups.map((group) => group.registry.render());
    expect(cpu).toContain(`\nvigil_last_success_timestamp_seconds ${NOW / 1000}\n`);
    expect(disk).toContain(`\nvigil_last_run_timestamp_seconds ${NOW / 1000}\n`);
    expect(disk).not.toMatch(/\nvigil_last_success_timestamp_seconds /);
    // Pushed with POST, disk's group keeps the metrics this push does not hold: its last success.
    expect(groups.map((group) => group.replace)).toEqual([true, false, true, true]);

    const served = createRunMetrics();
    declareOutboxGauge(served);
    recordRunMetrics(detectors, { ...failed, error: undefined, outbox: emptyOutbox() }, 0, served);
    const text = served.render();
    expect(text).toContain(`\nvigil_last_success_timestamp_seconds{vigil_detector="cpu"} ${NOW / 1000}\n`);
    expect(text).not.toContain('vigil_last_success_timestamp_seconds{vigil_detector="disk"}');
  });
});
