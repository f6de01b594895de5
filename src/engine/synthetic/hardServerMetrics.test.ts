import { HARD_SCENARIOS, generateHardServerMetrics } from './hardServerMetrics';

const MINUTE = 60_000;

function median(values: ArrayLike<number>): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('generateHardServerMetrics', () => {
  const series = generateHardServerMetrics({ days: 7, seed: 2 });
  const get = (scenario: string, normal: boolean) =>
    series.find((s) => s.scenario === scenario && (s.labels.normal === 'true') === normal)!;
  const rowsIn = (s: (typeof series)[number]) => {
    const [from, to] = s.anomalyWindows[0];
    return Array.from(s.values).filter((_, i) => s.timestamps[i] >= from && s.timestamps[i] <= to);
  };

  it('gives every scenario one incident series with one window and one normal series without', () => {
    expect(series.map((s) => s.scenario)).toEqual(HARD_SCENARIOS.flatMap((name) => [name, name]));
    for (const name of HARD_SCENARIOS) {
      expect(get(name, false).anomalyWindows).toHaveLength(1);
      expect(get(name, true).anomalyWindows).toEqual([]);
      expect(get(name, true).values.every(Number.isFinite)).toBe(true);
      expect(get(name, false).timestamps.length).toBe(7 * 1440);
    }
    expect(Array.from(generateHardServerMetrics({ days: 7, seed: 2 })[3].values)).toEqual(Array.from(series[3].values));
    expect(Array.from(generateHardServerMetrics({ days: 7, seed: 3 })[3].values)).not.toEqual(
      Array.from(series[3].values)
    );
  });

  it('plants each incident inside its window', () => {
    const cpu = get('cpu_drift', false);
    expect(median(rowsIn(cpu))).toBeGreaterThan(median(cpu.values) + 0.25);
    const sensor = get('sensor_flatline', false);
    expect(median(rowsIn(sensor))).toBeGreaterThan(median(sensor.values) + 4);
    // A stalled counter does not move during the incident.
    expect(new Set(rowsIn(get('counter_reset', false))).size).toBeLessThanOrEqual(2);
    expect(Math.max(...rowsIn(get('bursty_requests', false)))).toBeLessThan(
      0.2 * median(get('bursty_requests', false).values)
    );
    const latency = get('heavy_tailed_latency', false);
    expect(median(rowsIn(latency))).toBeGreaterThan(2 * median(latency.values));
    expect(cpu.anomalyWindows[0][1] - cpu.anomalyWindows[0][0]).toBe(59 * MINUTE);
  });

  it('has the quirks on the normal series: drift, flat-lines, resets, bursts, heavy tails', () => {
    // Two weeks: the second week's mean sits above the first one's by the drift (0.15 over the history, so 0.075).
    const cpu = generateHardServerMetrics({ days: 14, seed: 2 }).find((s) => s.labels.normal === 'true')!.values;
    const mean = (values: Float64Array) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(cpu.subarray(7 * 1440)) - mean(cpu.subarray(0, 7 * 1440))).toBeGreaterThan(0.06);
    const sensor = get('sensor_flatline', true).values;
    let longestFlat = 0;
    for (let i = 1, run = 0; i < sensor.length; i++) {
      run = sensor[i] === sensor[i - 1] ? run + 1 : 0;
      longestFlat = Math.max(longestFlat, run);
    }
    expect(longestFlat).toBeGreaterThanOrEqual(19);
    const counter = get('counter_reset', true).values;
    expect(counter.some((v, i) => i > 0 && v < counter[i - 1])).toBe(true);
    const requests = get('bursty_requests', true).values;
    expect(Math.max(...requests)).toBeGreaterThan(1.4 * (200 + 600));
    const latency = get('heavy_tailed_latency', true).values;
    expect(Math.max(...latency)).toBeGreaterThan(5 * median(latency));
  });
});
