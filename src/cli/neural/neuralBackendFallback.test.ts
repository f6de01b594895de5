import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import { createDetector } from '../../engine/pipeline/factory';
import { tf } from '../../engine/neural/tensorflow';
import { prepareNeuralBackend } from './neuralBackend';

const spec = parseDetectorSpec({
  id: 'fallback',
  name: 'fallback',
  query: 'up',
  seasonality: 'none',
  model: { kind: 'lstm_autoencoder', params: { epochs: 2, maxWindows: 64, minFitPoints: 256 } },
});

it('falls back to the CPU backend with one warning naming the missing .wasm file, and still trains', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'vigil-no-wasm-'));
  try {
    const started = jest.fn();
    await expect(prepareNeuralBackend([spec], started, empty)).resolves.toBe('cpu');
    await expect(prepareNeuralBackend([spec], started, empty)).resolves.toBe('cpu');
    expect(started).toHaveBeenCalledTimes(1);
    const [{ backend, warning }] = started.mock.calls[0];
    expect(backend).toBe('cpu');
    expect(warning).toBe(
      `the TF.js WebAssembly backend is missing ${join(empty, 'tfjs-backend-wasm.wasm')}; the neural networks train ` +
        'on the CPU backend (slower, same scores within 1e-6)'
    );
    expect(tf.getBackend()).toBe('cpu');
    const timestamps = Float64Array.from({ length: 400 }, (_, i) => i * 60_000);
    const detector = createDetector(spec);
    detector.fit({ labels: {}, timestamps, values: Float64Array.from(timestamps, (_, i) => Math.sin(i / 9)) });
    expect(detector.toState()).toBeDefined();
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
