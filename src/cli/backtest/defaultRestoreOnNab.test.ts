import { join } from 'node:path';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import { createDetector, restoreDetector } from '../../engine/index';
import { readNabCorpus } from './nabCorpus';

const corpus = readNabCorpus(join(__dirname, '../../../tests/fixtures/nab'));
const spec = parseDetectorSpec({ id: 'nab', name: 'nab', query: 'nab' });

describe('default detector state on NAB files', () => {
  it.each(corpus.map((file) => [file.name, file] as const))(
    '%s: a run restored from its state at any cut scores exactly like the uninterrupted run',
    (_name, file) => {
      const { timestamps, values } = file.series;
      const whole = createDetector(spec).score({ labels: {}, timestamps, values });
      const rows = timestamps.length;
      const cuts = Array.from({ length: 12 }, (_, k) => Math.floor(((k + 1) * rows) / 13));
      let detector = createDetector(spec);
      let from = 0;
      for (const cut of [...cuts, rows]) {
        const part = detector.score({
          labels: {},
          timestamps: timestamps.slice(from, cut),
          values: values.slice(from, cut),
        });
        for (let i = 0; i < cut - from; i++) {
          expect(Object.is(part.scores[i], whole.scores[from + i])).toBe(true);
          expect(Object.is(part.upper[i], whole.upper[from + i])).toBe(true);
        }
        detector = restoreDetector(spec, JSON.parse(JSON.stringify(detector.toState())));
        from = cut;
      }
    }
  );
});
