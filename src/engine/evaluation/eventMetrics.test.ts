import { alertLoad, alertRuns, eventMetrics } from './eventMetrics';

const HOUR = 3_600_000;

describe('event-wise metrics', () => {
  // rows:      0 1 2 3 4 5 6 7 8 9
  // windows:       [2..4]    [7..8]
  // flags:     1 0 0 1 1 0 0 0 0 1
  const flags = [1, 0, 0, 1, 1, 0, 0, 0, 0, 1];
  const windows = [
    { start: 2, end: 4 },
    { start: 7, end: 8 },
  ];

  it('groups consecutive flags into alert runs', () => {
    expect(alertRuns(flags)).toEqual([
      { start: 0, end: 0 },
      { start: 3, end: 4 },
      { start: 9, end: 9 },
    ]);
  });

  it('counts a window once however many of its rows fire', () => {
    const m = eventMetrics(flags, windows);
    expect(m.detectedWindows).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.trueAlerts).toBe(1);
    expect(m.alerts).toBe(3);
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.f1).toBeCloseTo((2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3), 12);
  });

  it('measures time to detect from the window start', () => {
    const timestamps = flags.map((_, i) => i * HOUR);
    const m = eventMetrics(flags, windows, timestamps);
    expect(m.delaysInRows).toEqual([1]);
    expect(m.delaysInMs).toEqual([HOUR]);
  });

  it('counts alerts per day and week and on/off flaps', () => {
    const timestamps = flags.map((_, i) => i * HOUR * 12); // 10 rows of 12 h = 5 days
    const load = alertLoad(flags, timestamps);
    expect(load.alerts).toBe(3);
    // on at 0, off at 1, on at 3, off at 5, on at 9
    expect(load.flaps).toBe(5);
    expect(load.days).toBeCloseTo(5, 12);
    expect(load.alertsPerDay).toBeCloseTo(0.6, 12);
    expect(load.alertsPerWeek).toBeCloseTo(4.2, 12);
  });
});
