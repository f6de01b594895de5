import { parseDetectorSpec } from '../detectorSpec';

const multivariate = { on: ['instance'], queries: { latency: 'lat' } };
const spec = (model: object) => () => parseDetectorSpec({ id: 'mv', name: 'mv', query: 'up', multivariate, model });

describe('model.params under a multivariate block', () => {
  it('refuses a kind the block cannot run, naming the kinds it can', () => {
    for (const kind of ['knn_cad', 'contextual', 'artime', 'ensemble', 'seasonal_baseline', 'half_space_trees']) {
      expect(spec({ kind, params: {} })).toThrow(
        `detector: model.kind: a multivariate detector runs one of default, isolation_forest, autoencoder, vae, lstm_autoencoder; not ${kind}`
      );
    }
  });

  it("checks the forest's params strictly: its seed, an integer, and nothing else", () => {
    expect(spec({ kind: 'isolation_forest', params: { seed: 7 } })().model.params).toEqual({ seed: 7 });
    expect(spec({ kind: 'default', params: { dim: 7 } })).toThrow(/model\.params\.dim: unknown key/);
    expect(spec({ kind: 'isolation_forest', params: { trees: 50 } })).toThrow(/model\.params\.trees: unknown key/);
    expect(spec({ kind: 'default', params: { seed: 1.5 } })).toThrow(/model\.params\.seed: .*int/);
    expect(spec({ kind: 'default', params: { seed: 'one' } })).toThrow(/model\.params\.seed: .*number/);
  });

  it("checks a window network's params, without the univariate pipeline's window and minFitPoints", () => {
    expect(spec({ kind: 'autoencoder', params: { epochs: 3, maxWindows: 128 } })().model.kind).toBe('autoencoder');
    expect(spec({ kind: 'vae', params: { minFitPoints: 64 } })).toThrow(/model\.params\.minFitPoints: unknown key/);
    expect(spec({ kind: 'lstm_autoencoder', params: { length: 1 } })).toThrow(/model\.params\.length: Too small/);
  });
});
