import { seriesKey, type Series } from '../../engine/series';
import { historyFrom, historyToRead, holdHistory } from './heldHistory';

const STEP = 60_000;
const labels = { __name__: 'up', instance: 'a' };

/** What Prometheus answers for [startMs, endMs]: a point per step, valued by its minute. */
function answer(startMs: number, endMs: number, seriesLabels = labels): Series {
  const count = Math.floor((endMs - startMs) / STEP) + 1;
  const timestamps = Float64Array.from({ length: count }, (_, i) => startMs + i * STEP);
  return { labels: seriesLabels, timestamps, values: timestamps.map((time) => time / STEP) };
}

describe('historyToRead and holdHistory', () => {
  const start = 1_000 * STEP;
  const end = start + 99 * STEP + 30_000;

  it('reads the whole window first, then only the steps after what is held as the window moves forward', () => {
    const first = historyToRead(undefined, start, end, STEP)!;
    expect(first).toEqual({ startMs: start, endMs: end });
    const held = holdHistory(undefined, [answer(first.startMs, first.endMs)], first, start, STEP);
    expect(held.nextMs).toBe(start + 100 * STEP);

    const moved = 3 * STEP;
    const next = historyToRead(held, start + moved, end + moved, STEP)!;
    expect(next).toEqual({ startMs: start + 100 * STEP, endMs: end + moved });
    const slid = holdHistory(held, [answer(next.startMs, next.endMs)], next, start + moved, STEP);
    const series = slid.series.get(seriesKey(labels))!;
    expect(series.timestamps).toHaveLength(100);
    expect(Array.from(series.values)).toEqual(Array.from(answer(start + moved, end + moved).values));
  });

  it('reads nothing when the window has not reached the next step, and everything when it went back or changed step', () => {
    const held = holdHistory(undefined, [answer(start, end)], { startMs: start, endMs: end }, start, STEP);
    expect(historyToRead(held, start + 10_000, end + 10_000, STEP)).toBeNull();
    expect(historyToRead(held, start - STEP, end - STEP, STEP)).toEqual({ startMs: start - STEP, endMs: end - STEP });
    expect(historyToRead(held, start, end, 2 * STEP)).toEqual({ startMs: start, endMs: end });
    const farAhead = start + 500 * STEP;
    expect(historyToRead(held, farAhead, farAhead + 99 * STEP, STEP)).toEqual({
      startMs: farAhead,
      endMs: farAhead + 99 * STEP,
    });
  });

  it('hands out the window from its start on, in new arrays, when the window shrank with nothing new to read', () => {
    const held = holdHistory(undefined, [answer(start, end)], { startMs: start, endMs: end }, start, STEP);
    const laterStart = start + 50 * STEP;
    expect(historyToRead(held, laterStart, end, STEP)).toBeNull();
    const window = historyFrom(held, laterStart).get(seriesKey(labels))!;
    expect(Array.from(window.timestamps)).toEqual(Array.from(answer(laterStart, end).timestamps));
    window.values.fill(0);
    expect(held.series.get(seriesKey(labels))!.values[60]).toBe((start + 60 * STEP) / STEP);
  });

  it('holds a series that only the new read has, and keeps one no longer answered while it has points in the window', () => {
    const gone = { ...labels, instance: 'gone' };
    const fresh = { ...labels, instance: 'new' };
    const held = holdHistory(
      undefined,
      [answer(start, end), answer(start, start + 4 * STEP, gone)],
      { startMs: start, endMs: end },
      start,
      STEP
    );
    const span = { startMs: held.nextMs, endMs: end + 2 * STEP };
    const slid = holdHistory(
      held,
      [answer(span.startMs, span.endMs), answer(span.startMs, span.endMs, fresh)],
      span,
      start + 2 * STEP,
      STEP
    );
    expect(slid.series.get(seriesKey(fresh))!.timestamps).toHaveLength(2);
    expect(Array.from(slid.series.get(seriesKey(gone))!.timestamps)).toEqual([2, 3, 4].map((k) => start + k * STEP));

    const later = { startMs: slid.nextMs, endMs: end + 6 * STEP };
    expect(holdHistory(slid, [], later, start + 6 * STEP, STEP).series.has(seriesKey(gone))).toBe(false);
  });
});
