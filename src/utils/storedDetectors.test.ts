import { parseDetectorSpec } from '../engine/detectorSpec';
import { parseAppJsonData } from './api/appSettings';
import { DetectorIdTakenError, withDetector, withoutDetector } from './storedDetectors';

const raw = (id: string, name: string) => ({ id, name, query: 'up', datasourceUid: 'prometheus' });
const settings = parseAppJsonData({ detectors: [raw('api-latency', 'API latency'), raw('errors', 'Errors')] });
const spec = (id: string, name: string) => parseDetectorSpec(raw(id, name), 'detector');
const ids = (detectors: Array<Record<string, unknown>>) => detectors.map((one) => `${one.id}:${one.name}`);

describe('withDetector', () => {
  it('refuses a new detector whose id another stored detector has, naming it', () => {
    const save = () => withDetector(settings, spec('api-latency', 'Something else'), undefined);
    expect(save).toThrow(DetectorIdTakenError);
    expect(save).toThrow(
      'A detector with id "api-latency" exists already ("API latency"): pick another id, or open that detector.'
    );
  });

  it("refuses to change a stored detector's id to another stored detector's id", () => {
    expect(() => withDetector(settings, spec('errors', 'API latency'), 'api-latency')).toThrow(
      'A detector with id "errors" exists already ("Errors")'
    );
  });

  it('replaces the detector stored under the previous id in place, also when its id changes', () => {
    expect(ids(withDetector(settings, spec('api-latency', 'Latency'), 'api-latency').detectors)).toEqual([
      'api-latency:Latency',
      'errors:Errors',
    ]);
    expect(ids(withDetector(settings, spec('latency', 'Latency'), 'api-latency').detectors)).toEqual([
      'latency:Latency',
      'errors:Errors',
    ]);
  });

  it('adds a new detector with a free id at the end and leaves the settings given unchanged', () => {
    const next = withDetector(settings, spec('traffic', 'Traffic'), undefined);
    expect(ids(next.detectors)).toEqual(['api-latency:API latency', 'errors:Errors', 'traffic:Traffic']);
    expect(settings.detectors).toHaveLength(2);
  });
});

describe('withoutDetector', () => {
  it('removes only the detector with that id', () => {
    expect(ids(withoutDetector(settings, 'api-latency').detectors)).toEqual(['errors:Errors']);
  });
});
