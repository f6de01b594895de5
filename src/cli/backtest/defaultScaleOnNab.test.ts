import { join } from 'node:path';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import { createDetector } from '../../engine/index';
import { readNabCorpus } from './nabCorpus';

const [occupancy] = readNabCorpus(
  join(__dirname, '../../../data/nab-dev'),
  (name) => name === 'realTraffic/occupancy_6005.csv'
);
const spec = parseDetectorSpec({ id: 'nab', name: 'nab', query: 'nab' });

/** `value` as written (its shortest decimal) in units of 10^exponent: 3.06 becomes 3.06e-8, not 3.06 * 1e-8. */
function inUnits(value: number, exponent: number): number {
  const [digits, power = '0'] = String(value).split('e');
  return Number(`${digits}e${Number(power) + exponent}`);
}

function scoreInUnits(exponent: number) {
  const { timestamps, values } = occupancy.series;
  const scaled = values.map((value) => inUnits(value, exponent));
  return createDetector(spec).score({ labels: {}, timestamps, values: scaled });
}

/** |actual - expected| relative to |expected|: 0 where they are the same (NaN in warm-up included). */
function relativeError(actual: number, expected: number): number {
  return Object.is(actual, expected) ? 0 : Math.abs(actual - expected) / Math.abs(expected);
}

describe('default detector on a NAB file in other units', () => {
  const unscaled = scoreInUnits(0);

  it.each([-12, -8, 8])('scores occupancy_6005 x 1e%d as the file itself, with its band in those units', (exponent) => {
    const scaled = scoreInUnits(exponent);
    const factor = Number(`1e${exponent}`);
    let scoreError = 0;
    let bandError = 0;
    for (let i = 0; i < unscaled.scores.length; i++) {
      scoreError = Math.max(scoreError, Math.abs(scaled.scores[i] - unscaled.scores[i]));
      bandError = Math.max(
        bandError,
        relativeError(scaled.lower[i], unscaled.lower[i] * factor),
        relativeError(scaled.upper[i], unscaled.upper[i] * factor)
      );
    }
    expect(scoreError).toBeLessThan(1e-12);
    expect(bandError).toBeLessThan(1e-12);
    expect(Array.from(scaled.anomalies)).toEqual(Array.from(unscaled.anomalies));
  });
});
