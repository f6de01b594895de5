import { parseDetectorSpec, scoreCausally } from '../engine';
import { WARM_UP_POINTS, warmUpSeries } from './warmUpSeries';

describe('warmUpSeries', () => {
  it('gives the default detector a spike and an outage to alert on, so a warm-up round runs its alert paths too', () => {
    const spec = parseDetectorSpec({ id: 'warm-up', name: 'warm-up', query: 'warm-up' });
    for (const round of [0, 7]) {
      const { timestamps, values } = warmUpSeries(round);
      expect(timestamps).toHaveLength(WARM_UP_POINTS);
      const result = scoreCausally(spec, timestamps, values);
      const flagged = Array.from(result.anomalies.keys()).filter((i) => result.anomalies[i] === 1);
      expect(flagged).toContain(900);
      expect(flagged.some((i) => i >= 1200 && i < 1230)).toBe(true);
      expect(flagged.every((i) => i === 900 || (i >= 1200 && i <= 1240))).toBe(true);
    }
  });

  it('continues in time from round to round, with another noise each time', () => {
    const [first, second] = [warmUpSeries(0), warmUpSeries(1)];
    expect(second.timestamps[0] - first.timestamps[WARM_UP_POINTS - 1]).toBe(60_000);
    expect(second.values[10]).not.toBe(first.values[10]);
  });
});
