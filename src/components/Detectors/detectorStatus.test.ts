import { parseDetectorSpec } from '../../engine/detectorSpec';
import type { StoredDetector } from '../../utils/storedDetectors';
import { detectorStatus, STALE_AFTER_MS } from './detectorStatus';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const spec = parseDetectorSpec({ id: 'rps', name: 'RPS', query: 'up', datasourceUid: 'prometheus' }, 'detector');
const stored: StoredDetector = { id: 'rps', spec };
const quiet = { firing: 0, suppressed: 0, lastStartsAt: undefined };
/** A run that finished `agoMs` before NOW and succeeded. */
const ran = (agoMs: number) => ({ finishedMs: NOW - agoMs, succeeded: true, succeededMs: NOW - agoMs });

describe('detectorStatus', () => {
  it('says "Not deployed" when Prometheus has no run metrics for the detector', () => {
    expect(detectorStatus(stored, quiet, null, NOW).kind).toBe('not-deployed');
  });

  it('says OK only for a detector that ran recently and has no alerts', () => {
    expect(detectorStatus(stored, quiet, ran(60_000), NOW)).toMatchObject({ kind: 'ok', text: 'OK' });
    expect(detectorStatus(stored, null, ran(60_000), NOW).kind).toBe('ok');
  });

  it('says the detector is not running when its last run is over a day old', () => {
    expect(detectorStatus(stored, quiet, ran(STALE_AFTER_MS + 1), NOW).kind).toBe('stale');
  });

  it('says "Failing" when the last run did not succeed, with when one last did, before its alerts', () => {
    const failed = { finishedMs: NOW - 60_000, succeeded: false, succeededMs: NOW - 3_600_000 };
    const failing = detectorStatus(stored, quiet, failed, NOW);
    expect(failing).toMatchObject({ kind: 'failing', text: 'Failing', color: 'red' });
    expect(failing.tooltip).toContain('Its last successful run finished 2026-12-05 11:00:00');
    const never = detectorStatus(stored, quiet, { ...failed, succeededMs: null }, NOW);
    expect(never.tooltip).toContain('No run of it has succeeded.');
    // Its alerts stay from before it failed: they do not hide that it no longer runs.
    const withAlerts = detectorStatus(stored, { ...quiet, firing: 1, suppressed: 2 }, failed, NOW);
    expect(withAlerts.kind).toBe('failing');
    expect(withAlerts.tooltip).toContain('Its 1 firing and 2 muted alerts are from before');
    // A CLI that does not say whether runs succeed: not claimed either way.
    expect(detectorStatus(stored, quiet, { ...failed, succeeded: undefined }, NOW).kind).toBe('ok');
    // Over a day old, not running is what to say.
    expect(detectorStatus(stored, quiet, { ...failed, finishedMs: NOW - STALE_AFTER_MS - 1 }, NOW).kind).toBe('stale');
  });

  it('claims no deployment state when the run metrics could not be read: Unknown, not OK', () => {
    const status = detectorStatus(stored, null, undefined, NOW);
    expect(status).toMatchObject({ kind: 'unknown', text: 'Unknown' });
    expect(status.tooltip).toBe(
      'The run metrics are not available from Prometheus, so whether anything runs this detector is not known.'
    );
  });

  it('does not say OK when the alerts could not be read, though the detector ran', () => {
    const status = detectorStatus(stored, undefined, ran(60_000), NOW);
    expect(status.kind).toBe('unknown');
    expect(status.tooltip).toBe(
      'The alerts are not available from Alertmanager, so whether this detector has any firing is not known.'
    );
    expect(detectorStatus(stored, undefined, undefined, NOW).tooltip).toContain('Prometheus');
  });

  it('puts firing and muted alerts first, and disabled or invalid detectors before everything', () => {
    expect(detectorStatus(stored, { ...quiet, firing: 2, suppressed: 1 }, null, NOW)).toMatchObject({
      kind: 'firing',
      text: '2 firing, 1 muted',
    });
    expect(detectorStatus(stored, { ...quiet, firing: 1 }, undefined, NOW).kind).toBe('firing');
    expect(detectorStatus(stored, { ...quiet, suppressed: 1 }, null, NOW).kind).toBe('muted');
    expect(detectorStatus({ id: 'rps', spec: { ...spec, enabled: false } }, quiet, null, NOW).kind).toBe('disabled');
    expect(detectorStatus({ id: 'bad', error: 'no query' }, quiet, null, NOW).kind).toBe('invalid');
  });
});
