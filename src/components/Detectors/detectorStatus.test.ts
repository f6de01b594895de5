import { parseDetectorSpec } from '../../engine/detectorSpec';
import type { StoredDetector } from '../../utils/storedDetectors';
import { detectorStatus, STALE_AFTER_MS } from './detectorStatus';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const spec = parseDetectorSpec({ id: 'rps', name: 'RPS', query: 'up', datasourceUid: 'prometheus' }, 'detector');
const stored: StoredDetector = { id: 'rps', spec };
const quiet = { firing: 0, suppressed: 0, lastStartsAt: undefined };

describe('detectorStatus', () => {
  it('says "Not deployed" when Prometheus has no run metrics for the detector', () => {
    expect(detectorStatus(stored, quiet, null, NOW).kind).toBe('not-deployed');
  });

  it('says OK only for a detector that ran recently and has no alerts', () => {
    expect(detectorStatus(stored, quiet, NOW - 60_000, NOW)).toMatchObject({ kind: 'ok', text: 'OK' });
  });

  it('says the detector is not running when its last run is over a day old', () => {
    expect(detectorStatus(stored, quiet, NOW - STALE_AFTER_MS - 1, NOW).kind).toBe('stale');
  });

  it('claims nothing about deployment when the run metrics could not be read', () => {
    expect(detectorStatus(stored, quiet, undefined, NOW).kind).toBe('ok');
  });

  it('puts firing and muted alerts first, and disabled or invalid detectors before everything', () => {
    expect(detectorStatus(stored, { ...quiet, firing: 2, suppressed: 1 }, null, NOW)).toMatchObject({
      kind: 'firing',
      text: '2 firing, 1 muted',
    });
    expect(detectorStatus(stored, { ...quiet, suppressed: 1 }, null, NOW).kind).toBe('muted');
    expect(detectorStatus({ id: 'rps', spec: { ...spec, enabled: false } }, quiet, null, NOW).kind).toBe('disabled');
    expect(detectorStatus({ id: 'bad', error: 'no query' }, quiet, null, NOW).kind).toBe('invalid');
  });
});
