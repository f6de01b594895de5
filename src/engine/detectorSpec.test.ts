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

  it('checks drift.params against the drift method for every model kind, strictly', () => {
    const refused = (kind: string, drift: object) => () =>
      parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'up', model: { kind }, drift });
    for (const kind of ['default', 'ensemble', 'isolation_forest']) {
      expect(refused(kind, { params: { maxBuckets: 0.5 } })).toThrow(/drift\.params\.maxBuckets: .*int/);
      expect(refused(kind, { params: { delta: 5 } })).toThrow(/drift\.params\.delta: Too big/);
      expect(refused(kind, { params: { clock: 0 } })).toThrow(/drift\.params\.clock: Too small/);
      expect(refused(kind, { method: 'page_hinkley', params: { threshold: -5 } })).toThrow(/drift\.params\.threshold/);
      // The window cap is the detector's own; a key of the other method is a mistake, not a setting.
      expect(refused(kind, { params: { maxWidth: 1 } })).toThrow(/drift\.params\.maxWidth: unknown key/);
      expect(refused(kind, { method: 'adwin', params: { threshold: 3 } })).toThrow(
        /drift\.params\.threshold: unknown key/
      );
    }
    const spec = parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'up', drift: { params: { clock: 64 } } });
    expect(spec.drift.params).toEqual({ clock: 64 });
  });

  it('refuses drift.params where no drift test runs: the streaming kinds and a multivariate block', () => {
    const base = { id: 'cpu', name: 'CPU', query: 'up' };
    for (const kind of ['knn_cad', 'contextual', 'artime']) {
      expect(() => parseDetectorSpec({ ...base, model: { kind }, drift: { params: { delta: 0.01 } } })).toThrow(
        `detector: drift.params: model kind ${kind} (its memory slides instead) runs no drift test: remove drift.params`
      );
      expect(parseDetectorSpec({ ...base, model: { kind }, drift: { enabled: false } }).drift.enabled).toBe(false);
    }
    const multivariate = { on: ['instance'], queries: { latency: 'lat' } };
    expect(() => parseDetectorSpec({ ...base, multivariate, drift: { params: { clock: 8 } } })).toThrow(
      'detector: drift.params: a multivariate detector runs no drift test: remove drift.params'
    );
  });

  it("checks model.params against the kind's own parameters when the spec is read, before any detector is built", () => {
    const base = { id: 'cpu', name: 'CPU', query: 'up' };
    const refused: Array<[object, RegExp]> = [
      [{ kind: 'default', params: { trees: 50 } }, /model\.params\.trees: unknown key/],
      [{ kind: 'isolation_forest', params: { bogus: 1 } }, /model\.params\.bogus: unknown key/],
      [{ kind: 'isolation_forest', params: { seed: 1.5 } }, /model\.params\.seed: .*int/],
      [{ kind: 'seasonal_baseline', params: { window: 2 } }, /model\.params\.window: Too small/],
      [{ kind: 'half_space_trees', params: { height: 20 } }, /model\.params\.height: Too big/],
      [{ kind: 'autoencoder', params: { latent: 0 } }, /model\.params\.latent: Too small/],
      [{ kind: 'knn_cad', params: { trees: 50 } }, /model\.params\.trees: unknown key/],
      [{ kind: 'contextual', params: { levels: 1 } }, /model\.params\.levels: Too small/],
      [{ kind: 'artime', params: { vigilance: 1 } }, /model\.params\.vigilance: Too big/],
      [{ kind: 'ensemble', params: { members: 'knn_cad+bogus' } }, /model\.params\.members\.1: /],
    ];
    for (const [model, message] of refused) {
      expect(() => parseDetectorSpec({ ...base, model })).toThrow(message);
    }
    const model = { kind: 'knn_cad', params: { dim: 7, k: 2 } };
    expect(parseDetectorSpec({ ...base, model }).model).toEqual(model);
  });
});
