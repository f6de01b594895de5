import { alertLoad, eventMetrics } from './eventMetrics';

const HOUR = 3_600_000;

describe('event-wise metrics', () => {
  // rows:      0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
  // windows:       [2..4]                    [12..13]
  // flags:     1 0 0 1 1 0 0 0 0 0 0  0  0  0  0  0  0  0  0  1
  const flags = [1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const windows = [
    { start: 2, end: 4 },
    { start: 12, end: 13 },
  ];

  it('counts a window once however many of its rows fire, and one alert per episode', () => {
    const m = eventMetrics(flags, windows);
    expect(m.detectedWindows).toBe(1);
    expect(m.recall).toBe(0.5);
    // Rows 0 and 3-4 are three steps apart: one episode, which overlaps the first window; row 19 is another.
    expect(m.alerts).toBe(2);
    expect(m.trueAlerts).toBe(1);
    expect(m.precision).toBe(0.5);
    expect(m.f1).toBeCloseTo(0.5, 12);
  });

  it('joins flags at most ten steps apart and splits those further apart', () => {
    const at = (rows: number[]) => Array.from({ length: 40 }, (_, i) => (rows.includes(i) ? 1 : 0));
    expect(eventMetrics(at([0, 10, 20]), []).alerts).toBe(1);
    expect(eventMetrics(at([0, 11, 22]), []).alerts).toBe(3);
  });

  it('measures time to detect from the window start', () => {
    const timestamps = flags.map((_, i) => i * HOUR);
    const m = eventMetrics(flags, windows, timestamps);
    expect(m.delaysInRows).toEqual([1]);
    expect(m.delaysInMs).toEqual([HOUR]);
  });

  it('measures the episode gap in the series own steps, so missing rows count', () => {
    const timestamps = [0, 1, 2, 3, 20, 21].map((step) => step * HOUR);
    expect(eventMetrics([1, 0, 0, 0, 1, 0], [], timestamps).alerts).toBe(2);
  });

  it('counts alerts per day and week and on/off flaps', () => {
    const timestamps = flags.map((_, i) => i * HOUR * 6); // 20 rows of 6 h = 5 days
    const load = alertLoad(flags, timestamps);
    expect(load.alerts).toBe(2);
    // on at 0, off at 1, on at 3, off at 5, on at 19
    expect(load.flaps).toBe(5);
    expect(load.days).toBeCloseTo(5, 12);
    expect(load.alertsPerDay).toBeCloseTo(0.4, 12);
    expect(load.alertsPerWeek).toBeCloseTo(2.8, 12);
  });
});
