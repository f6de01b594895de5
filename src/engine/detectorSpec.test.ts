import { DetectorSpecError, parseDetectorSpec } from './detectorSpec';

describe('parseDetectorSpec', () => {
  it('fills defaults for a minimal spec', () => {
    const spec = parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'rate(node_cpu_seconds_total[5m])' });
    expect(spec.model.kind).toBe('default');
    expect(spec.step).toBe('1m');
    expect(spec.alert.flapping).toEqual({ maxChanges: 3, windowMinutes: 10 });
    expect(spec.version).toBe(1);
  });

  it('names the offending key', () => {
    expect(() =>
      parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'up', step: 'soon' }, 'config.yaml: detectors[0]')
    ).toThrow(/config\.yaml: detectors\[0\]: step: must be a duration/);
    expect(() => parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'up', model: { kind: 'magic' } })).toThrow(
      DetectorSpecError
    );
  });

  it('rejects unknown keys so typos do not pass silently', () => {
    expect(() => parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'up', sensitivty: 0.3 })).toThrow(/sensitivty/);
  });

  it('returns a spec it validated as it is, frozen so that it stays valid', () => {
    const spec = parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'up', model: { kind: 'default', params: {} } });
    expect(parseDetectorSpec(spec)).toBe(spec);
    expect(Object.isFrozen(spec) && Object.isFrozen(spec.model) && Object.isFrozen(spec.model.params)).toBe(true);
    expect(() => {
      (spec.model as { kind: string }).kind = 'magic';
    }).toThrow(TypeError);
    expect(() => parseDetectorSpec({ ...spec, model: { kind: 'magic' } })).toThrow(/model\.kind/);
  });
});
