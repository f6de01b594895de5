import { gridPointCount, planRangeChunks, PROMETHEUS_MAX_POINTS } from './rangeChunks';

const STEP = 60_000;
const START = Date.UTC(2026, 0, 1);

describe('planRangeChunks', () => {
  it('keeps a range of exactly 11,000 points in one request', () => {
    const end = START + (PROMETHEUS_MAX_POINTS - 1) * STEP;
    expect(planRangeChunks(START, end, STEP)).toEqual([{ startMs: START, endMs: end, points: 11_000 }]);
  });

  it('splits at 11,001 points into 11,000 + 1 on the same grid', () => {
    const end = START + PROMETHEUS_MAX_POINTS * STEP;
    expect(planRangeChunks(START, end, STEP)).toEqual([
      { startMs: START, endMs: START + 10_999 * STEP, points: 11_000 },
      { startMs: START + 11_000 * STEP, endMs: end, points: 1 },
    ]);
  });

  it('covers every grid point exactly once and stays under the limit Prometheus checks', () => {
    const end = START + 30 * 24 * 3_600_000 + 17_000;
    const chunks = planRangeChunks(START, end, STEP);
    expect(chunks.reduce((sum, chunk) => sum + chunk.points, 0)).toBe(gridPointCount(START, end, STEP));
    for (let i = 0; i < chunks.length; i++) {
      // Prometheus refuses (end - start) / step > 11,000.
      expect((chunks[i].endMs - chunks[i].startMs) / STEP).toBeLessThanOrEqual(11_000);
      expect((chunks[i].startMs - START) % STEP).toBe(0);
      if (i > 0) {
        expect(chunks[i].startMs).toBe(chunks[i - 1].endMs + STEP);
      }
    }
    expect(chunks[chunks.length - 1].endMs).toBeLessThanOrEqual(end);
    expect(chunks[chunks.length - 1].endMs + STEP).toBeGreaterThan(end);
  });

  it('honours a smaller chunk size and a single point', () => {
    expect(planRangeChunks(START, START + 9 * STEP, STEP, 4).map((c) => c.points)).toEqual([4, 4, 2]);
    expect(planRangeChunks(START, START, STEP)).toEqual([{ startMs: START, endMs: START, points: 1 }]);
  });

  it('rejects impossible ranges with a clear message', () => {
    expect(() => planRangeChunks(START, START - 1, STEP)).toThrow(/end \(.*\) is before start/);
    expect(() => planRangeChunks(START, START + STEP, 0)).toThrow('step must be a positive number of ms (got 0)');
    expect(() => planRangeChunks(START, Number.NaN, STEP)).toThrow('start and end must be finite');
    expect(() => planRangeChunks(START, START + STEP, STEP, 11_001)).toThrow(
      'maxPoints must be an integer from 1 to 11000'
    );
  });
});
