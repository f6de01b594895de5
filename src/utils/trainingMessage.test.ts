import { trainingMessage } from './trainingMessage';

describe('trainingMessage', () => {
  it('names the kind, the series, the epoch, the held-out loss and the backend', () => {
    expect(
      trainingMessage('lstm_autoencoder', {
        item: 0,
        items: 2,
        epoch: 3,
        epochs: 20,
        heldOutLoss: 0.012345,
        backend: 'wasm',
      })
    ).toBe(
      'Training lstm autoencoder in the worker: series 1 of 2, epoch 3 of at most 20, held-out loss 0.0123, on WebAssembly…'
    );
  });

  it('says how many points a causal refit trains on, and leaves out a loss that is not a number', () => {
    expect(
      trainingMessage('autoencoder', {
        item: 1,
        items: 3,
        epoch: 1,
        epochs: 20,
        heldOutLoss: Infinity,
        trainingPoints: 1024,
        backend: 'cpu',
      })
    ).toBe(
      'Training autoencoder in the worker: series 2 of 3 on 1,024 points, epoch 1 of at most 20, on the CPU backend…'
    );
  });
});
