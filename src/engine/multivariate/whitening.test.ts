import { Random } from '../util/random';
import { expectedGivenOthers, fitWhitening, whiten } from './whitening';

describe('fitWhitening', () => {
  it('turns correlated training rows into uncorrelated unit-variance ones, and predicts a feature from the others', () => {
    const random = new Random(3);
    const rows = new Float64Array(3 * 2000);
    for (let i = 0; i < 2000; i++) {
      const load = random.next() * 2 - 1;
      rows[i * 3] = load;
      rows[i * 3 + 1] = 2 * load + 0.1 * (random.next() - 0.5);
      rows[i * 3 + 2] = random.next() - 0.5;
    }
    const whitening = fitWhitening(rows, 3);
    const out = new Float64Array(rows.length);
    for (let i = 0; i < 2000; i++) {
      whiten(whitening, rows.subarray(i * 3, i * 3 + 3), out.subarray(i * 3, i * 3 + 3));
    }
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let sum = 0;
        for (let i = 0; i < 2000; i++) {
          sum += out[i * 3 + a] * out[i * 3 + b];
        }
        expect(sum / 2000).toBeCloseTo(a === b ? 1 : 0, 1);
      }
    }
    expect(expectedGivenOthers(whitening, [0.5, 0, 0], 1)).toBeCloseTo(1, 1);
  });
});
