import { DEMO_END_MS, generateServerMetrics } from './serverMetrics';

describe('generateServerMetrics', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const first = generateServerMetrics({ days: 1 });
    const again = generateServerMetrics({ days: 1 });
    const other = generateServerMetrics({ days: 1, seed: 7 });
    expect(Array.from(first[1].values)).toEqual(Array.from(again[1].values));
    expect(Array.from(first[1].values)).not.toEqual(Array.from(other[1].values));
  });

  it('produces a regular grid ending at the requested time', () => {
    const series = generateServerMetrics({ days: 2, stepMs: 300_000 });
    for (const s of series) {
      expect(s.timestamps.length).toBe(576);
      expect(s.timestamps[s.timestamps.length - 1]).toBe(DEMO_END_MS);
      expect(s.timestamps[1] - s.timestamps[0]).toBe(300_000);
      expect(s.values.every(Number.isFinite)).toBe(true);
    }
  });

  it('plants each anomaly inside its labelled window', () => {
    const byScenario = Object.fromEntries(generateServerMetrics().map((s) => [s.scenario, s]));
    expect(byScenario.normal.anomalyWindows).toEqual([]);

    const spike = byScenario.spike;
    const [from, to] = spike.anomalyWindows[0];
    let insideMax = -Infinity;
    let outsideMax = -Infinity;
    spike.timestamps.forEach((t, i) => {
      if (t >= from && t < to) {
        insideMax = Math.max(insideMax, spike.values[i]);
      } else {
        outsideMax = Math.max(outsideMax, spike.values[i]);
      }
    });
    expect(insideMax).toBeGreaterThan(1.5 * outsideMax);

    const shift = byScenario.level_shift;
    const shiftIndex = shift.timestamps.findIndex((t) => t >= shift.anomalyWindows[0][0]);
    const mean = (a: number, b: number) => shift.values.slice(a, b).reduce((x, y) => x + y, 0) / (b - a);
    expect(mean(shiftIndex, shiftIndex + 1440) / mean(shiftIndex - 1440, shiftIndex)).toBeGreaterThan(1.4);
  });
});
