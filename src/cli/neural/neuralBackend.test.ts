import { parseDetectorSpec, trainsNetwork } from '../../engine/detectorSpec';
import { scoreCausally } from '../../engine/pipeline/scoreCausally';
import { neuralBackendName, tf } from '../../engine/neural/tensorflow';
import { gaussian, seededRandom } from '../../engine/synthetic/random';
import { prepareNeuralBackend } from './neuralBackend';

/** A spec of `kind`; a network's trains briefly. */
const specFor = (kind: string) =>
  parseDetectorSpec({
    id: 'backend',
    name: 'backend',
    query: 'up',
    seasonality: 'none',
    model: {
      kind,
      params: trainsNetwork({ model: { kind } }) ? { epochs: 4, patience: 2, maxWindows: 128, minFitPoints: 256 } : {},
    },
  });

/** A six-hour cycle with noise and a spike, long enough for one training. */
function series() {
  const noise = gaussian(seededRandom(5));
  const timestamps = Float64Array.from({ length: 700 }, (_, i) => Date.UTC(2026, 0, 5) + i * 60_000);
  const values = Float64Array.from(timestamps, (_, i) => 50 + 10 * Math.sin(i / 57) + noise() + (i === 650 ? 30 : 0));
  return { timestamps, values };
}

describe('the CLI starts the TF.js WebAssembly backend for neural detectors only', () => {
  it('leaves the CPU backend alone when no detector trains a network', async () => {
    const started = jest.fn();
    await expect(prepareNeuralBackend([specFor('default'), specFor('ensemble')], started)).resolves.toBeUndefined();
    expect(started).not.toHaveBeenCalled();
    expect(tf.getBackend()).toBe('cpu');
  });

  it('trains on the WebAssembly backend from the package, reports it once, and agrees with the CPU backend', async () => {
    const started = jest.fn();
    const crashHandlers = () => [process.listeners('uncaughtException'), process.listeners('unhandledRejection')];
    const handlersBefore = crashHandlers();
    await expect(prepareNeuralBackend([specFor('default'), specFor('autoencoder')], started)).resolves.toBe('wasm');
    expect(crashHandlers()).toEqual(handlersBefore);
    await expect(prepareNeuralBackend([specFor('vae')], started)).resolves.toBe('wasm');
    expect(started.mock.calls).toEqual([[{ backend: 'wasm' }]]);
    expect(tf.getBackend()).toBe('wasm');

    const { timestamps, values } = series();
    const spec = specFor('autoencoder');
    const onWasm = scoreCausally(spec, timestamps, values);
    expect(neuralBackendName()).toBe('wasm');
    expect(Array.from(scoreCausally(spec, timestamps, values).scores)).toEqual(Array.from(onWasm.scores));
    expect(onWasm.scores[650]).toBeGreaterThan(0.7);

    await tf.setBackend('cpu');
    try {
      const onCpu = scoreCausally(spec, timestamps, values);
      const worst = onCpu.scores.reduce((max, score, i) => Math.max(max, Math.abs(score - onWasm.scores[i])), 0);
      expect(worst).toBeLessThanOrEqual(1e-6);
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
