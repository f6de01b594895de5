import { DefaultDetector } from '../default/defaultDetector';
import { scoreFromDigits } from '../default/defaultScorer';
import { parseDetectorSpec } from '../detectorSpec';
import { createDetector, restoreDetector } from '../index';
import { Random } from '../util/random';
import { riskFor } from './surpriseTail';

function spec(threshold?: string) {
  return parseDetectorSpec({
    id: 'latency',
    name: 'latency',
    query: 'latency',
    model: { kind: 'default', params: threshold ? { threshold } : { learnRoutine: false } },
  });
}

/** Heavy-tailed latency at 1-minute steps (a GPD tail of shape 0.4 over a floor of 50), one huge spike at `spikeAt`. */
function latency(rows: number, spikeAt: number) {
  const random = new Random(4);
  const timestamps = new Float64Array(rows);
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    timestamps[i] = Date.UTC(2024, 0, 1) + i * 60_000;
    values[i] = 50 + (10 / 0.4) * (Math.pow(1 - random.next(), -0.4) - 1) + (i === spikeAt ? 50_000 : 0);
  }
  return { labels: {}, timestamps, values };
}

function alerts(anomalies: ArrayLike<number>): number {
  return Array.from(anomalies).reduce((a, b) => a + b, 0);
}

describe('learned thresholds in the default detector (model.params.threshold)', () => {
  it('maps sensitivity to the risk q: 1e-7 at 0, 1e-5 at 0.5, 1e-3 at 1', () => {
    expect(riskFor(0)).toBeCloseTo(1e-7, 20);
    expect(riskFor(0.5)).toBeCloseTo(1e-5, 18);
    expect(riskFor(1)).toBeCloseTo(1e-3, 15);
  });

  it('rejects an unknown method naming the key', () => {
    expect(() => createDetector(spec('quantile'))).toThrow(/model\.params\.threshold/);
  });

  it.each(['spot', 'dspot'])(
    '%s: far fewer alerts than the normal tail (`learnRoutine: false`) on a heavy-tailed series, the huge spike still alerts',
    (method) => {
      const data = latency(12_000, 10_000);
      const global = new DefaultDetector(spec()).score(data);
      const learned = new DefaultDetector(spec(method)).score(data);
      expect(learned.anomalies[10_000]).toBe(1);
      expect(alerts(learned.anomalies.slice(2000))).toBeLessThan(alerts(global.anomalies.slice(2000)) / 3);
      // The alert decision is the score reaching the cut-off of risk q = 1e-5 (5 digits).
      const cutOff = scoreFromDigits(5);
      const disagreeing = Array.from(learned.scores).filter(
        (score, i) => learned.anomalies[i] !== (score >= cutOff ? 1 : 0)
      );
      expect(disagreeing).toEqual([]);
    }
  );

  it.each(['spot', 'dspot'])('%s: continues bit for bit after a state round trip, calibrating or not', (method) => {
    const data = latency(3000, 2500);
    const whole = new DefaultDetector(spec(method)).score(data);
    for (const cut of [150, 1800]) {
      const first = new DefaultDetector(spec(method));
      first.fit({ labels: {}, timestamps: data.timestamps.slice(0, cut), values: data.values.slice(0, cut) });
      const restored = restoreDetector(spec(method), JSON.parse(JSON.stringify(first.toState())));
      const rest = restored.score({
        labels: {},
        timestamps: data.timestamps.slice(cut),
        values: data.values.slice(cut),
      });
      expect(Array.from(rest.scores)).toEqual(Array.from(whole.scores.slice(cut)));
    }
  });

  it('keeps the state bounded: under 10 KiB after 20,000 rows of DSPOT', () => {
    const detector = new DefaultDetector(spec('dspot'));
    detector.fit(latency(20_000, -1));
    expect(JSON.stringify(detector.toState()).length).toBeLessThan(10 * 1024);
  });
});
