import { digitsFromScore, scoreFromDigits } from '../default/defaultScorer';
import { parseDetectorSpec } from '../detectorSpec';
import { createDetector } from '../pipeline/factory';
import type { Series } from '../series';
import { gaussian, seededRandom } from '../synthetic/random';

const STEP = 5 * 60_000;

function spec(kind: string, params: Record<string, unknown> = {}) {
  return parseDetectorSpec({ id: 'test', name: 'test', query: 'up', step: '5m', model: { kind, params } });
}

/**
 * Four days of a noisy two-hour sawtooth with a spike, and one period flattened at its mean: every value of that
 * period is in the usual range (the default detector's predictors see nothing), only its shape is new (k-NN sees it).
 */
function series(): Series {
  const noise = gaussian(seededRandom(7));
  const start = Date.UTC(2026, 0, 5);
  const timestamps = Float64Array.from({ length: 4 * 288 }, (_, i) => start + i * STEP);
  const values = Float64Array.from(timestamps, (_, i) => 2 * (i % 24) + 0.3 * noise());
  values[1100] += 200;
  values.fill(23, 912, 936);
  return { labels: {}, timestamps, values };
}

function penalised(scores: number[], members: number): number {
  return scoreFromDigits(digitsFromScore(Math.max(...scores)) - Math.log10(members));
}

describe('EnsembleDetector', () => {
  it('scores the largest member surprise less log10 of the member count (Bonferroni)', () => {
    const data = series();
    const ensemble = createDetector(spec('ensemble')).score(data);
    const base = createDetector(spec('default')).score(data);
    const knn = createDetector(spec('knn_cad')).score(data);
    for (let i = 0; i < data.values.length; i++) {
      expect(ensemble.scores[i]).toBeCloseTo(penalised([base.scores[i], knn.scores[i]], 2), 12);
    }
    // What either member flags on its own, the ensemble still flags.
    expect(ensemble.anomalies[1100]).toBe(1);
    expect(Math.max(...base.scores.slice(912, 946))).toBeLessThan(0.7);
    expect(Math.max(...ensemble.scores.slice(912, 946))).toBeGreaterThan(0.7);
  });

  it('with three members pays log10(3)', () => {
    const data = series();
    const ensemble = createDetector(spec('ensemble', { members: 'knn_cad+contextual' })).score(data);
    const members = ['default', 'knn_cad', 'contextual'].map((kind) => createDetector(spec(kind)).score(data));
    for (let i = 0; i < data.values.length; i += 7) {
      expect(ensemble.scores[i]).toBeCloseTo(
        penalised(
          members.map((m) => m.scores[i]),
          3
        ),
        12
      );
    }
  });

  it('refuses a member named twice, which would count twice, and says that default always runs', () => {
    expect(() => spec('ensemble', { members: 'knn_cad+knn_cad' })).toThrow(
      'detector: model.params.members: knn_cad is named twice (each member scores once)'
    );
    expect(() => spec('ensemble', { members: 'contextual + artime+contextual' })).toThrow(/contextual is named twice/);
    expect(() => spec('ensemble', { members: 'default' })).toThrow(
      'detector: model.params.members.0: the default detector always runs in an ensemble: name the kinds beside it, from knn_cad, contextual, artime'
    );
    expect(spec('ensemble', { members: 'knn_cad+contextual+artime' }).model.params.members).toBe(
      'knn_cad+contextual+artime'
    );
  });

  it("draws the default detector's band and explains by the member that scored highest", () => {
    const data = series();
    const ensemble = createDetector(spec('ensemble')).score(data);
    const base = createDetector(spec('default')).score(data);
    const knn = createDetector(spec('knn_cad')).score(data);
    expect(Array.from(ensemble.expected)).toEqual(Array.from(base.expected));
    expect(Array.from(ensemble.upper)).toEqual(Array.from(base.upper));
    let checked = 0;
    for (let i = 0; i < data.values.length; i++) {
      if (ensemble.anomalies[i] === 1) {
        expect(ensemble.explanations[i]).toBe(
          knn.scores[i] > base.scores[i] ? knn.explanations[i] : base.explanations[i]
        );
        checked++;
      } else {
        expect(ensemble.explanations[i]).toBeNull();
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
